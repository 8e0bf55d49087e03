import { describe, expect, it } from 'vitest';
import { cronerPattern, nextRuns, parseTime, scheduleEvent } from '../../../infra/local/scheduler.ts';
import { SCHEDULES } from '../../../shared/schedules.ts';

const row = (name: string) => {
  const schedule = SCHEDULES.find((s) => s.name === name);
  if (!schedule) throw new Error(`no schedule ${name}`);
  return schedule;
};

describe('the local scheduler', () => {
  it("turns EventBridge's six fields into croner's five", () => {
    expect(cronerPattern('5 0 * * ? *')).toBe('5 0 * * *');
    expect(cronerPattern('0/5 * * * ? *')).toBe('0/5 * * * *');
    expect(() => cronerPattern('5 0 * * *')).toThrow(/six-field/);
    expect(() => cronerPattern('5 0 * * ? 2027')).toThrow(/years/);
  });

  it('fires every row in Asia/Shanghai time (R6: the withdrawal sweep just after midnight there)', () => {
    const from = new Date('2026-11-22T06:07:00Z');
    expect(nextRuns(row('withdrawal-sweep'), 2, from).map((d) => d.toISOString())).toEqual([
      '2026-11-22T16:05:00.000Z',
      '2026-11-23T16:05:00.000Z',
    ]);
    expect(nextRuns(row('reconcile-sweep'), 2, from).map((d) => d.toISOString())).toEqual([
      '2026-11-22T06:10:00.000Z',
      '2026-11-22T06:15:00.000Z',
    ]);
    expect(nextRuns(row('deadline-sweep'), 1, from).map((d) => d.toISOString())).toEqual([
      '2026-11-22T07:00:00.000Z',
    ]);
    expect(nextRuns(row('site-heartbeat'), 1, from).map((d) => d.toISOString())).toEqual([
      '2026-11-22T06:15:00.000Z',
    ]);
  });

  it('hands the handler the time the run stands for', () => {
    const event = scheduleEvent(new Date('2027-10-01T00:05:00+08:00'), row('withdrawal-sweep'));
    expect(event).toMatchObject({ time: '2027-09-30T16:05:00.000Z', source: 'gongshi.local-scheduler' });
    expect(parseTime('2027-10-01T00:05:00+08:00').toISOString()).toBe('2027-09-30T16:05:00.000Z');
    expect(() => parseTime(undefined)).toThrow(/--time/);
    expect(() => parseTime('tomorrow')).toThrow(/--time/);
  });
});
