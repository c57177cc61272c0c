// Saved lesson progress is untrusted input: each bad entry is named and dropped, the rest kept.
import { describe, expect, it } from 'vitest';
import { LESSONS, SELF_CHECK } from '../../src/lessons/index.ts';
import {
  emptyProgress,
  lessonStatus,
  loadProgress,
  toRevisit,
  withAnswer,
  withDone,
} from '../../src/lessons/progress.ts';
import { parseRoute } from '../../src/ui/route.ts';

const ALL = [...LESSONS, SELF_CHECK];

describe('loading saved progress', () => {
  it('round-trips what was saved', () => {
    let p = withAnswer(emptyProgress(), 'silence', 1, 2);
    p = withDone(withDone(p, 'silence', 2), 'silence', 1);
    p = { ...p, last: { lesson: 'silence', step: 2 } };
    expect(loadProgress(JSON.stringify(p), ALL)).toEqual({ progress: p, problems: [] });
    expect(p.done.silence).toEqual([1, 2]);
  });

  it('nothing stored is not a problem', () => {
    expect(loadProgress(null, ALL)).toEqual({ progress: emptyProgress(), problems: [] });
  });

  it('drops, and names, each entry that does not fit the lessons; keeps the rest', () => {
    const text = JSON.stringify({
      version: 1,
      answers: { silence: { '1': 2, '2': 7, '9': 0 }, gone: { '1': 0 }, trust: 'x' },
      done: { silence: [1, 3, 'a'], heartbeats: 'all' },
      last: { lesson: 'silence', step: 0 },
    });
    const { progress, problems } = loadProgress(text, ALL);
    expect(progress.answers).toEqual({ silence: { '1': 2 } });
    expect(progress.done).toEqual({ silence: [1] });
    expect(progress.last).toBeNull();
    expect(problems).toEqual([
      'mayday.lessons.answers.silence.2: 7 is not a choice of that step; dropped',
      'mayday.lessons.answers.silence.9: 0 is not a choice of that step; dropped',
      'mayday.lessons.answers.gone: no such lesson; dropped',
      'mayday.lessons.answers.trust: no such lesson; dropped',
      'mayday.lessons.done.silence: steps that do not exist were dropped',
      'mayday.lessons.done.heartbeats: no such lesson or not a list; dropped',
      'mayday.lessons.last: not a step of any lesson; dropped',
    ]);
  });

  it('refuses what is not JSON or not version 1, starting afresh', () => {
    for (const text of ['{oops', '[]', '42', JSON.stringify({ version: 2 })]) {
      const r = loadProgress(text, ALL);
      expect(r.progress).toEqual(emptyProgress());
      expect(r.problems).toHaveLength(1);
    }
  });
});

describe('status and the self-check verdict', () => {
  it('counts finished steps and right predictions', () => {
    const silence = LESSONS.find((l) => l.id === 'silence')!;
    let p = withAnswer(emptyProgress(), 'silence', 1, silence.steps[0].question!.answer);
    p = withAnswer(p, 'silence', 2, (silence.steps[1].question!.answer + 1) % 4);
    p = withDone(p, 'silence', 1);
    expect(lessonStatus(p, silence)).toEqual({ done: 1, total: 2, right: 1, asked: 2 });
  });

  it('points to the lessons of the questions answered wrong, once each', () => {
    let p = emptyProgress();
    SELF_CHECK.steps.forEach((s, i) => {
      const q = s.question!;
      p = withAnswer(p, 'check', i + 1, i === 1 || i === 3 ? (q.answer + 1) % q.choices.length : q.answer);
    });
    expect(toRevisit(p, SELF_CHECK)).toEqual([SELF_CHECK.steps[1].revisit, SELF_CHECK.steps[3].revisit]);
    expect(toRevisit(emptyProgress(), SELF_CHECK)).toEqual([]);
  });
});

describe('routes', () => {
  it('maps hashes to pages, and shared scenario links to the Lab', () => {
    expect(parseRoute('')).toEqual({ page: 'lab' });
    expect(parseRoute('#s=abc&t=100')).toEqual({ page: 'lab' });
    expect(parseRoute('#/lab')).toEqual({ page: 'lab' });
    expect(parseRoute('#/experiments')).toEqual({ page: 'experiments' });
    expect(parseRoute('#/lessons')).toEqual({ page: 'lessons' });
    expect(parseRoute('#/lessons/trust')).toEqual({ page: 'lesson', lesson: 'trust', step: 1 });
    expect(parseRoute('#/lessons/trust/2')).toEqual({ page: 'lesson', lesson: 'trust', step: 2 });
    expect(parseRoute('#/lessons/trust/0')).toEqual({ page: 'missing', hash: '#/lessons/trust/0' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'missing', hash: '#/nowhere' });
  });
});
