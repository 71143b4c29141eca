import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fillPlaceholders, renderTemplateText } from './template-text.ts';

describe('template text as the customer reads it', () => {
  it('fills numbered placeholders, spaces inside the braces allowed, and leaves a missing one visible', () => {
    assert.equal(fillPlaceholders('Hi {{1}}, order {{ 2 }} ({{1}})', ['Ada', 'A-7']), 'Hi Ada, order A-7 (Ada)');
    assert.equal(fillPlaceholders('Hi {{1}}, order {{2}}', ['Ada']), 'Hi Ada, order {{2}}');
    assert.equal(fillPlaceholders('No variables', ['x']), 'No variables');
  });

  it('fills named placeholders in order of first appearance', () => {
    assert.equal(fillPlaceholders('{{name}} ordered {{item}}; thanks {{name}}', ['Ada', 'tea']), 'Ada ordered tea; thanks Ada');
  });

  it('fills named placeholders by name when the row has named values (a CSV column per parameter)', () => {
    assert.equal(fillPlaceholders('{{customer_name}} ordered {{item}}', [], { item: 'tea', customer_name: 'Ada' }), 'Ada ordered tea');
    assert.equal(fillPlaceholders('{{customer_name}} ordered {{item}}', [], { item: 'tea' }), '{{customer_name}} ordered tea');
    assert.equal(fillPlaceholders('{{constructor}}', [], {}), '{{constructor}}', 'no value from the object prototype');
  });

  it('does not treat a value as a placeholder again', () => {
    assert.equal(fillPlaceholders('Hi {{1}} {{2}}', ['{{2}}', 'x']), 'Hi {{2}} x');
  });

  it('joins header, body, footer and buttons, and names a media header by its kind', () => {
    const components = [
      { type: 'HEADER', format: 'TEXT', text: 'Order update' },
      { type: 'BODY', text: 'Hi {{1}}, order {{2}} shipped.' },
      { type: 'FOOTER', text: 'Reply STOP to opt out' },
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Track' }, { type: 'URL', text: 'Open', url: 'https://x' }, { type: 'QUICK_REPLY' }] },
    ];
    assert.equal(renderTemplateText(components, ['Ada', 'A-7']), 'Order update\n\nHi Ada, order A-7 shipped.\n\nReply STOP to opt out\n\n[Track] [Open]');
    assert.equal(renderTemplateText([{ type: 'header', format: 'IMAGE' }, { type: 'body', text: 'Look' }], []), '[Image]\n\nLook');
    assert.equal(renderTemplateText([{ type: 'HEADER', format: 'DOCUMENT' }], []), '[Document]');
  });

  it('is empty for a template without text parts', () => {
    assert.equal(renderTemplateText([], ['x']), '');
    assert.equal(renderTemplateText([{ type: 'BUTTONS', buttons: [null, 3, { text: ' ' }] }], []), '');
  });
});
