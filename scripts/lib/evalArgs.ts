/**
 * Command-line arguments of scripts/eval.ts, parsed and checked without touching the disk or
 * TensorFlow.js, so that bad input is refused at once with a clear message (and tested).
 */
import { ATTACK_IDS } from '../../src/evaluation/attacks/registry';
import { ORDER_MODES, type OrderMode, PROTOCOLS, type ProtocolId } from '../../src/evaluation/runner';

/** The default text: letters and digits only, so that v1 hides it with the paper's own alphabet. */
export const DEFAULT_TEXT = 'JaneDoe19700101F0001';

export interface EvalArgs {
  series: string;
  attacks: string[];
  orders: OrderMode[];
  protocols: ProtocolId[];
  text: string;
  json: string | null;
  seed: number;
  /** Use the first N slices of the series (development runs); null = all. */
  slices: number | null;
  workers: number;
  backend: 'wasm' | 'cpu';
  writeResults: boolean;
  resultsFile: string;
  section: string | null;
  title: string | null;
  /** A note for the results section (e.g. why a subset of attacks). */
  note: string | null;
  fig11Trials: number;
  /** Report from a JSON document written earlier (no computation): the figures and the command stay those of that run. */
  fromJson: string | null;
  help: boolean;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `Usage: npm run eval -- --series DIR [options]

Hides a text in the clean series, attacks every slice with each of the paper's Table 1
settings, reveals with the full receiver pipeline and prints the figures (Markdown) beside
the paper's. Progress goes to stderr, the report to stdout.

  --series DIR            folder holding one DICOM series (nested folders are walked; the
                          largest image series found is used)
  --attacks all|ID...     attack settings (default all); ids: see below
  --order given|recomputed|both
                          given: the receiver keeps the sender's slice order (only hashes can
                          fail); recomputed: it orders with DenseNet itself (default both)
  --protocol v1|v2|both   protocols to hide and reveal with (default both)
  --text TEXT             text to hide (default ${DEFAULT_TEXT})
  --json FILE             write every figure, orders and hash rows as JSON
  --seed N                seed of the random attacks (default 1)
  --slices N              use the first N slices only (for quick development runs)
  --workers N             feature worker threads (default: the number of cores)
  --backend wasm|cpu      TF.js backend of the DenseNet (default wasm)
  --fig11-trials N        random draws per lost-slice fraction (default 20)
  --from-json FILE        print (and with --write-results, write) the report of a JSON file
                          written earlier by --json, without computing anything (the section
                          then names both commands)
  --write-results         (re)write this run's section of docs/results.md
  --results-file FILE     the results file (default docs/results.md)
  --section KEY           the section's key (default: the series folder's name)
  --title TITLE           the section's title
  --note TEXT             a note printed in the section (e.g. why a subset of attacks)
  --help                  this text

Attack ids: ${ATTACK_IDS.join(' ')}
`;

function positiveInt(flag: string, v: string | undefined, min = 1): number {
  if (v === undefined || !/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`${flag} needs an integer >= ${min}, got ${v === undefined ? 'nothing' : `'${v}'`}.`);
  return Number(v);
}

/** argv after the script name -> arguments, or UsageError with a sentence. */
export function parseEvalArgs(argv: readonly string[], defaults: { workers: number }): EvalArgs {
  const a: EvalArgs = {
    series: '',
    attacks: [...ATTACK_IDS],
    orders: [...ORDER_MODES],
    protocols: [...PROTOCOLS],
    text: DEFAULT_TEXT,
    json: null,
    seed: 1,
    slices: null,
    workers: defaults.workers,
    backend: 'wasm',
    writeResults: false,
    resultsFile: 'docs/results.md',
    section: null,
    title: null,
    note: null,
    fig11Trials: 20,
    fromJson: null,
    help: false,
  };
  let seenSeries = false;
  const values = (i: number): string[] => {
    const out: string[] = [];
    for (let j = i + 1; j < argv.length && !argv[j].startsWith('--'); j++) out.push(argv[j]);
    return out;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const one = (): string => {
      const v = argv[i + 1];
      if (v === undefined || (v.startsWith('--') && flag !== '--text')) throw new UsageError(`${flag} needs a value.`);
      i++;
      return v;
    };
    switch (flag) {
      case '--series':
        a.series = one();
        seenSeries = true;
        break;
      case '--attacks': {
        const ids = values(i).flatMap((v) => v.split(',')).filter((v) => v.length > 0);
        i += values(i).length;
        if (ids.length === 0) throw new UsageError(`--attacks needs 'all' or attack ids. Valid ids: ${ATTACK_IDS.join(', ')}.`);
        if (ids.includes('all')) {
          if (ids.length > 1) throw new UsageError("--attacks: give 'all' or a list of ids, not both.");
          a.attacks = [...ATTACK_IDS];
        } else {
          const unknown = ids.filter((id) => !ATTACK_IDS.includes(id));
          if (unknown.length > 0) {
            throw new UsageError(`Unknown attack id${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Valid ids: ${ATTACK_IDS.join(', ')}.`);
          }
          // Table order, each once.
          a.attacks = ATTACK_IDS.filter((id) => ids.includes(id));
        }
        break;
      }
      case '--order': {
        const v = one();
        if (v === 'both') a.orders = [...ORDER_MODES];
        else if ((ORDER_MODES as readonly string[]).includes(v)) a.orders = [v as OrderMode];
        else throw new UsageError(`--order must be given, recomputed or both, got '${v}'.`);
        break;
      }
      case '--protocol': {
        const v = one();
        if (v === 'both') a.protocols = [...PROTOCOLS];
        else if ((PROTOCOLS as readonly string[]).includes(v)) a.protocols = [v as ProtocolId];
        else throw new UsageError(`--protocol must be v1, v2 or both, got '${v}'.`);
        break;
      }
      case '--text':
        a.text = one();
        if (a.text.length === 0) throw new UsageError('--text must not be empty.');
        break;
      case '--json':
        a.json = one();
        break;
      case '--seed':
        a.seed = positiveInt(flag, argv[++i], 0);
        break;
      case '--slices':
        a.slices = positiveInt(flag, argv[++i], 2);
        break;
      case '--workers':
        a.workers = positiveInt(flag, argv[++i], 1);
        break;
      case '--fig11-trials':
        a.fig11Trials = positiveInt(flag, argv[++i], 1);
        break;
      case '--backend': {
        const v = one();
        if (v !== 'wasm' && v !== 'cpu') throw new UsageError(`--backend must be wasm or cpu, got '${v}'.`);
        a.backend = v;
        break;
      }
      case '--write-results':
        a.writeResults = true;
        break;
      case '--results-file':
        a.resultsFile = one();
        break;
      case '--section':
        a.section = one();
        if (!/^[A-Za-z0-9._-]+$/.test(a.section)) throw new UsageError(`--section may only hold letters, digits, '.', '_' and '-', got '${a.section}'.`);
        break;
      case '--title':
        a.title = one();
        break;
      case '--note':
        a.note = one();
        break;
      case '--from-json':
        a.fromJson = one();
        break;
      case '--help':
      case '-h':
        a.help = true;
        break;
      default:
        throw new UsageError(`Unknown argument '${flag}'. Run with --help for the options.`);
    }
  }
  if (a.fromJson !== null) {
    const computing = ['--series', '--attacks', '--order', '--protocol', '--text', '--seed', '--slices', '--workers', '--backend', '--fig11-trials', '--json'];
    const clash = argv.filter((x) => computing.includes(x));
    if (clash.length > 0) throw new UsageError(`--from-json reports a finished run; it cannot be combined with ${clash.join(', ')}.`);
    return a;
  }
  if (!a.help && !seenSeries) throw new UsageError('--series DIR is required: the folder of the DICOM series to evaluate.');
  if (!a.help && a.series.length === 0) throw new UsageError('--series needs a folder.');
  return a;
}

/** A command line as a shell would need it typed (single quotes where needed). */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
