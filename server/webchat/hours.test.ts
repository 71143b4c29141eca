import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isOpenAt, localTime, type BusinessHours } from './hours.ts';

// 2026-03-02 is a Monday (day 1). Asia/Kolkata is UTC+05:30 all year.
const at = (isoLocalIndia: string) => new Date(`${isoLocalIndia}+05:30`);
const weekdays = (open: string, close: string) => [1, 2, 3, 4, 5].map((day) => ({ day, open, close }));
const hours = (days: BusinessHours['days'], timeZone?: string): BusinessHours => ({ enabled: true, days, ...(timeZone ? { timeZone } : {}) });

describe('web chat business hours', () => {
  it('off means always open', () => {
    assert.equal(isOpenAt({ enabled: false, days: [] }, at('2026-03-01T03:00:00'), 'Asia/Kolkata'), true);
  });

  it('open inside a span of the day, closed at its close and on days without one', () => {
    const h = hours(weekdays('09:00', '18:00'));
    assert.equal(isOpenAt(h, at('2026-03-02T09:00:00'), 'Asia/Kolkata'), true);
    assert.equal(isOpenAt(h, at('2026-03-02T17:59:00'), 'Asia/Kolkata'), true);
    assert.equal(isOpenAt(h, at('2026-03-02T18:00:00'), 'Asia/Kolkata'), false);
    assert.equal(isOpenAt(h, at('2026-03-02T08:59:00'), 'Asia/Kolkata'), false);
    assert.equal(isOpenAt(h, at('2026-03-01T12:00:00'), 'Asia/Kolkata'), false, 'Sunday');
  });

  it('a day may have several spans (a lunch break)', () => {
    const h = hours([{ day: 1, open: '09:00', close: '13:00' }, { day: 1, open: '14:00', close: '18:00' }]);
    assert.deepEqual(['10:00', '13:30', '15:00'].map((t) => isOpenAt(h, at(`2026-03-02T${t}:00`), 'Asia/Kolkata')), [true, false, true]);
  });

  it('a close not after the open runs past midnight; 00:00 closes at the end of the day', () => {
    const night = hours([{ day: 5, open: '22:00', close: '02:00' }]); // Friday night
    assert.equal(isOpenAt(night, at('2026-03-06T23:30:00'), 'Asia/Kolkata'), true);
    assert.equal(isOpenAt(night, at('2026-03-07T01:59:00'), 'Asia/Kolkata'), true, 'Saturday early morning');
    assert.equal(isOpenAt(night, at('2026-03-07T02:00:00'), 'Asia/Kolkata'), false);
    assert.equal(isOpenAt(night, at('2026-03-06T21:59:00'), 'Asia/Kolkata'), false);
    const sundayToMonday = hours([{ day: 6, open: '20:00', close: '00:00' }, { day: 0, open: '23:00', close: '01:00' }]);
    assert.equal(isOpenAt(sundayToMonday, at('2026-03-07T23:59:00'), 'Asia/Kolkata'), true);
    assert.equal(isOpenAt(sundayToMonday, at('2026-03-08T00:00:00'), 'Asia/Kolkata'), false);
    assert.equal(isOpenAt(sundayToMonday, at('2026-03-09T00:30:00'), 'Asia/Kolkata'), true, 'Sunday 23:00 to Monday 01:00 wraps the week');
    assert.equal(isOpenAt(hours([{ day: 1, open: '00:00', close: '00:00' }]), at('2026-03-02T23:59:00'), 'Asia/Kolkata'), true, 'the whole day');
  });

  it("uses the widget's time zone, else the app's (an unknown zone falls back too)", () => {
    const h = weekdays('09:00', '17:00');
    const instant = new Date('2026-03-02T10:00:00Z'); // 15:30 in India, 10:00 in London, 05:00 in New York
    assert.equal(isOpenAt(hours(h), instant, 'Asia/Kolkata'), true);
    assert.equal(isOpenAt(hours(h, 'Europe/London'), instant, 'Asia/Kolkata'), true);
    assert.equal(isOpenAt(hours(h, 'America/New_York'), instant, 'Asia/Kolkata'), false);
    assert.equal(isOpenAt(hours(h, 'Not/AZone'), instant, 'Asia/Kolkata'), true);
    assert.deepEqual(localTime(instant, 'America/New_York'), { day: 1, minute: 5 * 60 });
  });
});
