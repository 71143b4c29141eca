import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, dayInZone, isoInZone, parseInZone } from './time.ts';

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

  it('writes an instant as ISO 8601 local time with the zone offset of that instant', () => {
    const at = (iso: string, zone: string) => isoInZone(new Date(iso), zone);
    assert.equal(at('2026-12-02T05:02:05.999Z', 'Asia/Kolkata'), '2026-12-02T10:32:05+05:30');
    assert.equal(at('2026-12-01T20:00:00Z', 'Asia/Kolkata'), '2026-12-02T01:30:00+05:30'); // the next IST day
    assert.equal(at('2026-12-02T05:02:05Z', 'UTC'), '2026-12-02T05:02:05+00:00');
    // 45-minute and half-hour offsets, east and west
    assert.equal(at('2026-12-02T05:02:05Z', 'Asia/Kathmandu'), '2026-12-02T10:47:05+05:45');
    assert.equal(at('2026-12-02T05:02:05Z', 'Australia/Eucla'), '2026-12-02T13:47:05+08:45');
    assert.equal(at('2026-12-02T05:02:05Z', 'America/St_Johns'), '2026-12-02T01:32:05-03:30');
    assert.equal(at('2026-12-02T05:02:05Z', 'Pacific/Chatham'), '2026-12-02T18:47:05+13:45'); // its summer time
    // New York: EST in winter, EDT in summer, and both sides of each change
    assert.equal(at('2026-12-02T05:02:05Z', 'America/New_York'), '2026-12-02T00:02:05-05:00');
    assert.equal(at('2026-07-01T16:00:00Z', 'America/New_York'), '2026-07-01T12:00:00-04:00');
    assert.equal(at('2026-03-08T06:59:59Z', 'America/New_York'), '2026-03-08T01:59:59-05:00');
    assert.equal(at('2026-03-08T07:00:00Z', 'America/New_York'), '2026-03-08T03:00:00-04:00');
    assert.equal(at('2026-11-01T05:59:59Z', 'America/New_York'), '2026-11-01T01:59:59-04:00');
    assert.equal(at('2026-11-01T06:00:00Z', 'America/New_York'), '2026-11-01T01:00:00-05:00'); // 01:xx twice, told apart by the offset
    // London: GMT and BST around the March and October changes
    assert.equal(at('2026-03-29T00:59:59Z', 'Europe/London'), '2026-03-29T00:59:59+00:00');
    assert.equal(at('2026-03-29T01:00:00Z', 'Europe/London'), '2026-03-29T02:00:00+01:00');
    assert.equal(at('2026-10-25T00:59:59Z', 'Europe/London'), '2026-10-25T01:59:59+01:00');
    assert.equal(at('2026-10-25T01:00:00Z', 'Europe/London'), '2026-10-25T01:00:00+00:00');
  });

  it('round-trips: the written time read back is the same instant (to the second), every 2 h over a year', () => {
    for (const zone of ['Asia/Kolkata', 'America/New_York', 'Europe/London', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/Sao_Paulo']) {
      for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 2 * 3600_000 + 7_000) {
        const written = isoInZone(new Date(t), zone);
        assert.match(written, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
        assert.equal(new Date(written).getTime(), Math.floor(t / 1000) * 1000, `${zone} ${new Date(t).toISOString()} -> ${written}`);
        assert.equal(written.slice(0, 10), dayInZone(new Date(t), zone));
      }
    }
  });

  it('counts calendar days across month, year and leap-day ends', () => {
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
    assert.equal(addDays('2026-02-28', 1), '2026-03-01');
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
    assert.equal(addDays('2026-12-02', -13), '2026-11-19');
    assert.equal(addDays('2026-03-29', 0), '2026-03-29');
  });

});
