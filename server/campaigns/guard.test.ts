import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  afterFailureThreshold, afterNumberChange, isRefusal, NUMBER_DELETED, TOKEN_EXPIRED, userResume, userStop,
  type CampaignState, type CampaignStatus, type NumberState, type PauseKind,
} from './guard.ts';

const STATUSES: CampaignStatus[] = ['scheduled', 'queued', 'running', 'paused', 'stopped', 'completed', 'failed'];
const KINDS: Array<PauseKind | null> = [null, 'token_expired', 'failures'];
const NUMBERS: NumberState[] = ['active', 'inactive', 'deleted'];
/** Every state a campaign can be in: a pause kind only with `paused`. */
const STATES: CampaignState[] = STATUSES.flatMap((status) => (status === 'paused' ? KINDS.filter(Boolean) : [null]).map((pauseKind) => ({ status, pauseKind })));
const label = (c: CampaignState) => (c.pauseKind ? `${c.status}/${c.pauseKind}` : c.status);
const target = (t: { status: string; pauseKind: string | null } | null) => (t ? (t.pauseKind ? `${t.status}/${t.pauseKind}` : t.status) : null);

describe('campaign transitions when the number changes', () => {
  const expected: Record<NumberState, Record<string, string | null>> = {
    deleted: { scheduled: 'failed', queued: 'failed', running: 'failed', 'paused/token_expired': 'failed', 'paused/failures': 'failed', stopped: 'failed', completed: null, failed: null },
    inactive: { scheduled: null, queued: 'paused/token_expired', running: 'paused/token_expired', 'paused/token_expired': null, 'paused/failures': null, stopped: null, completed: null, failed: null },
    active: { scheduled: null, queued: null, running: null, 'paused/token_expired': 'queued', 'paused/failures': null, stopped: null, completed: null, failed: null },
  };
  for (const n of NUMBERS) {
    for (const c of STATES) {
      it(`${label(c)} on a ${n} number -> ${expected[n][label(c)] ?? 'unchanged'}`, () => {
        assert.equal(target(afterNumberChange(c, n)), expected[n][label(c)]);
      });
    }
  }

  it('says why', () => {
    assert.equal(afterNumberChange({ status: 'running', pauseKind: null }, 'deleted')!.reason, NUMBER_DELETED);
    assert.match(afterNumberChange({ status: 'running', pauseKind: null }, 'inactive')!.reason!, /^token expired/);
    assert.equal(afterNumberChange({ status: 'paused', pauseKind: 'token_expired' }, 'active')!.reason, null, 'resuming clears the reason');
  });

  it('applying a transition twice changes nothing the second time (settling is idempotent)', () => {
    for (const n of NUMBERS) {
      for (const c of STATES) {
        const t = afterNumberChange(c, n);
        if (t) assert.equal(afterNumberChange(t, n), null, `${label(c)} on ${n}`);
      }
    }
  });
});

describe('the failure threshold', () => {
  for (const c of STATES) {
    it(`${label(c)} -> ${c.status === 'running' ? 'paused/failures' : 'unchanged'}`, () => {
      const t = afterFailureThreshold(c, '30 of the last 100 sends failed');
      assert.equal(target(t), c.status === 'running' ? 'paused/failures' : null);
      if (t) assert.equal(t.reason, '30 of the last 100 sends failed');
    });
  }
});

describe('Stop and Resume', () => {
  for (const c of STATES) {
    const stoppable = ['queued', 'running', 'paused'].includes(c.status);
    it(`Stop on ${label(c)} -> ${stoppable ? 'stopped' : 'refused'}`, () => {
      const t = userStop(c);
      if (stoppable) assert.equal(isRefusal(t) ? t.why : target(t), 'stopped');
      else assert.ok(isRefusal(t) && t.refused === 'cannot_stop' && t.why.includes(c.status));
    });
    for (const n of NUMBERS) {
      const resumable = c.status === 'stopped' || c.status === 'paused';
      const want = !resumable || n === 'deleted' ? 'refused' : n === 'inactive' ? 'paused/token_expired' : 'queued';
      it(`Resume on ${label(c)} with a ${n} number -> ${want}`, () => {
        const t = userResume(c, n);
        if (want === 'refused') assert.ok(isRefusal(t) && t.refused === 'cannot_resume', JSON.stringify(t));
        else {
          assert.equal(isRefusal(t) ? t.why : target(t), want);
          assert.equal((t as { reason: string | null }).reason, n === 'inactive' ? TOKEN_EXPIRED : null);
        }
      });
    }
  }
});
