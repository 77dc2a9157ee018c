// `vigil rules validate` and `vigil rules test`.
import { formatProblem, loadRules, runRuleCases, type RuleProblem } from '@vigil/correlator';
import { renderTable } from './table.js';

/** The rule set's problems and warnings on stderr, as `rules validate`, `rules test` and `replay` report them. */
export function printProblems(dir: string, problems: RuleProblem[], warnings: RuleProblem[]): void {
  if (problems.length) process.stderr.write(`${problems.length} problem${problems.length === 1 ? '' : 's'} in ${dir}:\n`);
  for (const p of problems) process.stderr.write(`  ${formatProblem(p, dir)}\n`);
  if (warnings.length) process.stderr.write(`${warnings.length} warning${warnings.length === 1 ? '' : 's'}:\n`);
  for (const w of warnings) process.stderr.write(`  warning: ${formatProblem(w, dir)}\n`);
}

function dirOf(argv: string[]): string {
  return argv.find((a) => !a.startsWith('-')) ?? process.env.VIGIL_RULES_DIR ?? 'rules';
}

export async function runRulesValidate(argv: string[]): Promise<number> {
  const dir = dirOf(argv);
  const loaded = loadRules(dir);
  printProblems(dir, loaded.ok ? [] : loaded.problems, loaded.warnings);
  if (!loaded.ok) return 1;
  const enabled = loaded.ruleSet.rules.length;
  const lists = Object.keys(loaded.ruleSet.lists).length;
  process.stdout.write(`${dir}: ${loaded.rules.length} rules valid (${enabled} enabled), ${lists} lists\n`);
  return 0;
}

export async function runRulesTest(argv: string[]): Promise<number> {
  const dir = dirOf(argv);
  const loaded = loadRules(dir);
  if (!loaded.ok) {
    printProblems(dir, loaded.problems, loaded.warnings);
    return 1;
  }
  const results = await runRuleCases(loaded.ruleSet);
  const rows = results.map((r) => [
    r.passed ? 'pass' : 'FAIL',
    r.rule,
    r.case,
    r.passed ? '' : `expected [${r.expected.join(', ')}] got [${r.actual.join(', ')}]${r.error ? ` (${r.error})` : ''}`,
  ]);
  process.stdout.write(renderTable(['result', 'rule', 'case', 'detail'], rows));
  const failed = results.filter((r) => !r.passed).length;
  const untested = loaded.ruleSet.rules.filter((cr) => cr.rule.cases.length === 0).map((cr) => cr.rule.id);
  if (untested.length) process.stdout.write(`rules without cases: ${untested.join(', ')}\n`);
  process.stdout.write(`${results.length - failed} passed, ${failed} failed\n`);
  return failed ? 1 : 0;
}
