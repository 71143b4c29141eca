import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { changesOf } from './subscribers.ts';
import type { DomainEvent } from './types.ts';

describe('changesOf (events -> dashboard changes)', () => {
  const ws = 'w1';

  it('names each conversation once, insert when a customer wrote, update otherwise', () => {
    const events: DomainEvent[] = [
      { type: 'message.sent', workspaceId: ws, conversationId: 'c1' },
      { type: 'message.received', workspaceId: ws, conversationId: 'c1', replyTasks: 1 },
      { type: 'message.received', workspaceId: ws, conversationId: 'c1', replyTasks: 0 },
      { type: 'conversation.changed', workspaceId: ws, conversationId: 'c2' },
    ];
    assert.deepEqual(changesOf(events), [
      { workspaceId: ws, topic: 'inbox', action: 'insert', id: 'c1' },
      { workspaceId: ws, topic: 'inbox', action: 'update', id: 'c2' },
    ]);
  });

  it('a batch over 50 conversations becomes one list refresh per workspace', () => {
    const events: DomainEvent[] = Array.from({ length: 51 }, (_, i) => ({ type: 'message.received', workspaceId: ws, conversationId: `c${i}`, replyTasks: 0 }));
    events.push({ type: 'message.received', workspaceId: 'w2', conversationId: 'x', replyTasks: 0 });
    assert.deepEqual(changesOf(events), [
      { workspaceId: ws, topic: 'inbox', action: 'update', id: null },
      { workspaceId: 'w2', topic: 'inbox', action: 'insert', id: 'x' },
    ]);
  });

  it('maps every other event to its topic, once per distinct change', () => {
    const events: DomainEvent[] = [
      { type: 'message.status', workspaceId: ws },
      { type: 'message.status', workspaceId: ws },
      { type: 'campaign.changed', workspaceId: ws, campaignId: null, action: 'update' },
      { type: 'account.changed', workspaceId: ws, accountId: 'a1', action: 'delete' },
      { type: 'templates.changed', workspaceId: ws },
      { type: 'lead.changed', workspaceId: ws, leadId: null, action: 'update' },
      { type: 'notification.changed', workspaceId: ws, notificationId: 'n1', action: 'insert' },
    ];
    assert.deepEqual(changesOf(events).map((c) => `${c.topic}:${c.action}:${c.id}`), [
      'inbox:update:null', 'campaigns:update:null', 'numbers:delete:a1', 'templates:update:null', 'leads:update:null', 'notifications:insert:n1',
    ]);
  });
});
