import { conditionProblems, pipeProblems, type Condition, type LogicProblem, type Referable } from '@/features/survey/logic';
import { isHiddenField } from '@/features/survey/path';

/**
 * What the builder checks of skip logic and piping (survey/logic.ts): a condition or a `{{key}}`
 * may use only the questions of earlier sections and the link's hidden fields — evaluated on the
 * server, a page can only depend on answers already sent, which also rules out any cycle. Checked
 * when a question or section is saved, and for the whole survey on the builder page and before
 * publishing (a move or a deletion since may have broken a reference). Pure: unit-tested.
 */
type Text = { az: string; en: string };
export type LogicQuestion = { key: string; type: string; options: { value: string }[]; showIf: Condition | null; prompt: Text; help: Text | null };
export type LogicSection = { showIf: Condition | null; screenOutIf?: Condition | null; title: Text; description?: Text | null; questions: LogicQuestion[] };

export type LogicFinding = { where: { question: string } | { section: number }; problem: LogicProblem | { code: 'logic_first_section' } };

const referable = (q: LogicQuestion): Referable => ({ key: q.key, type: q.type, options: q.options.map((o) => o.value) });

/**
 * What a condition or pipe in section `index` may read: earlier sections' questions, and every
 * hidden field. With the sections shuffled per respondent (`randomizeSections`), "earlier" is only
 * the first section, the one that never moves (survey/display-order.ts).
 */
export function referablesBefore(sections: LogicSection[], index: number, randomizeSections = false): Map<string, Referable> {
  const before = new Map<string, Referable>();
  const reach = randomizeSections ? Math.min(index, 1) : index;
  sections.forEach((s, i) => {
    for (const q of s.questions) if (i < reach || isHiddenField(q)) before.set(q.key, referable(q));
  });
  return before;
}

const allKeys = (sections: LogicSection[]) => new Set(sections.flatMap((s) => s.questions.map((q) => q.key)));
const textsOf = (...texts: (Text | null | undefined)[]) => texts.flatMap((t) => (t ? [t.az, t.en] : []));

/** Problems of one question's condition and piped texts, were it in section `index`. */
export function questionLogicProblems(sections: LogicSection[], index: number, q: Pick<LogicQuestion, 'showIf' | 'prompt' | 'help'>, randomizeSections = false): { showIf: LogicProblem[]; texts: LogicProblem[] } {
  const before = referablesBefore(sections, index, randomizeSections);
  const all = allKeys(sections);
  return { showIf: conditionProblems(q.showIf, before, all), texts: textsOf(q.prompt, q.help).flatMap((t) => pipeProblems(t, before, all)) };
}

/**
 * Problems of one section's conditions and piped texts, were it at `index`. Its screen-out is judged
 * once the section is sent: it may read the section's own questions as well as what is before it.
 */
export function sectionLogicProblems(
  sections: LogicSection[],
  index: number,
  s: Pick<LogicSection, 'showIf' | 'screenOutIf' | 'title' | 'description'>,
  randomizeSections = false,
): { showIf: LogicProblem[]; screenOutIf: LogicProblem[]; texts: LogicProblem[] } {
  const before = referablesBefore(sections, index, randomizeSections);
  const all = allKeys(sections);
  const sent = new Map([...before, ...(sections[index]?.questions ?? []).map((q) => [q.key, referable(q)] as const)]);
  return {
    showIf: conditionProblems(s.showIf, before, all),
    screenOutIf: conditionProblems(s.screenOutIf ?? null, sent, all),
    texts: textsOf(s.title, s.description).flatMap((t) => pipeProblems(t, before, all)),
  };
}

/** Every logic problem of a survey, in order; the first section must always be shown, so no path is empty. */
export function surveyLogicProblems(sections: LogicSection[], randomizeSections = false): LogicFinding[] {
  const findings: LogicFinding[] = [];
  const unique = (problems: LogicProblem[]) => [...new Map(problems.map((p) => [JSON.stringify(p), p])).values()];
  sections.forEach((section, index) => {
    const own = sectionLogicProblems(sections, index, section, randomizeSections);
    for (const problem of unique([...own.showIf, ...own.screenOutIf, ...own.texts])) findings.push({ where: { section: index + 1 }, problem });
    for (const q of section.questions) {
      const { showIf, texts } = questionLogicProblems(sections, index, q, randomizeSections);
      for (const problem of unique([...showIf, ...texts])) findings.push({ where: { question: q.key }, problem });
    }
  });
  const first = sections[0];
  if (first && (first.showIf !== null || !first.questions.some((q) => !isHiddenField(q) && q.showIf === null))) {
    findings.unshift({ where: { section: 1 }, problem: { code: 'logic_first_section' } });
  }
  return findings;
}
