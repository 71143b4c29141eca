import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dayInZone, parseInZone } from './time.ts';

describe('app time zone', () => {
  it('reads wall-clock times in IST and stores UTC', () => {
    assert.equal(parseInZone('2026-11-23T09:30', 'Asia/Kolkata')!.toISOString(), '2026-11-23T04:00:00.000Z');
    assert.equal(parseInZone('2026-11-23 00:15:30', 'Asia/Kolkata')!.toISOString(), '2026-11-22T18:45:30.000Z');
    assert.equal(parseInZone('2026-11-23T09:30:00Z', 'Asia/Kolkata')!.toISOString(), '2026-11-23T09:30:00.000Z');
    assert.equal(parseInZone('2026-11-23T09:30:00+01:00', 'Asia/Kolkata')!.toISOString(), '2026-11-23T08:30:00.000Z');
    assert.equal(parseInZone('tomorrow', 'Asia/Kolkata'), null);
  });

  it('handles a zone with daylight saving', () => {
    assert.equal(parseInZone('2026-07-01T12:00', 'Europe/London')!.toISOString(), '2026-07-01T11:00:00.000Z');
    assert.equal(parseInZone('2026-12-01T12:00', 'Europe/London')!.toISOString(), '2026-12-01T12:00:00.000Z');
  });

  it('gives the IST calendar day of an instant', () => {
    assert.equal(dayInZone(new Date('2026-11-22T18:29:00Z'), 'Asia/Kolkata'), '2026-11-22');
    assert.equal(dayInZone(new Date('2026-11-22T18:30:00Z'), 'Asia/Kolkata'), '2026-11-23');
  });
});
