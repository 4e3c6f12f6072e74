/**
 * The repository explains itself: whoever picks it up has only its files, so a comment, a document
 * or a test may cite only what is in it (docs/architecture.md and the other docs, the code, the
 * fixtures under test/fixtures). Design notes kept outside it, or paths of one machine, are dead
 * links the day the repository moves; this fails when one comes back, naming the file and line.
 *
 * It also keeps the citations of docs/ alive: a `docs/<file>.md` must exist, and a
 * `docs/architecture.md#<section>` must name one of that document's headings.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..');
const THIS_FILE = relative(ROOT, __filename).split(sep).join('/');

/** What is scanned: the folders and root files a maintainer reads. */
const FOLDERS = ['src', 'scripts', 'test', 'docs', 'teams', '.ci'];
const ROOT_FILES = [
  'README.md',
  'manifest.xml',
  'webpack.config.js',
  'eslint.config.mjs',
  'jest.config.js',
  'package.json',
  'tsconfig.json',
];
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist', '.data', 'coverage', 'test-artifacts']);
const TEXT_EXTENSIONS = new Set([
  '',
  '.ts',
  '.tsx',
  '.js',
  '.cjs',
  '.mjs',
  '.json',
  '.md',
  '.sql',
  '.html',
  '.xml',
  '.css',
  '.yml',
  '.yaml',
  '.txt',
  '.sh',
]);

/**
 * Lines allowed to keep an old citation, by file and exact text. A migration that has been applied
 * may not change by a byte: its checksum is recorded in schema_migrations and a changed file stops
 * the backend with `migration_changed` (src/server/store/run-migrations.ts). These two comments
 * name the design note that docs/architecture.md replaced (its "Data and privacy" and
 * "Reconciliation" there).
 */
const FROZEN_LINES: readonly { file: string; text: string }[] = [
  {
    file: 'src/server/store/migrations/001_initial.sql',
    text: "-- The backend's tables. Privacy (DESIGN.md, issue): no name, email, subject or body is stored in",
  },
  {
    file: 'src/server/store/migrations/001_initial.sql',
    text: '  -- One event per meeting: a second event carrying the same meeting is a copy (DESIGN.md section 3).',
  },
];

/** Citations of documents that are not in the repository. */
const OUTSIDE_CITATIONS: readonly { pattern: RegExp; what: string }[] = [
  { pattern: /\bDESIGN(\.md)?\b/, what: 'a design note outside the repository (cite docs/architecture.md#<section>)' },
  { pattern: /\bSTYLE\.md\b/, what: 'a style note outside the repository (cite docs/architecture.md#conventions)' },
  {
    pattern: /shared\/specs\b/,
    what: 'a spec outside the repository (test/fixtures/webex/webex-meeting.json.gz, test/fixtures/graph/graph-v1.0-types.json)',
  },
  { pattern: /(^|[\s'"`(=])\/work\//, what: "a path of one machine's file system" },
];

/** A relative path: ../ at least once, then a name. */
const RELATIVE_PATH = /(?:\.\.\/)+[\w@.-]+(?:\/[\w@.-]+)*/g;
/** Where the tests the reconciliation table names live. */
const RECONCILE_TESTS = [
  'test/unit/server/sync/reconcile.test.ts',
  'test/integration/sync/single-events.test.ts',
  'test/integration/sync/recurring-series.test.ts',
  'test/integration/sync/invitees.test.ts',
];
const DOCS_CITATION = /\bdocs\/([\w.-]+\.md)(#[\w-]+)?/g;

interface Hit {
  file: string;
  line: number;
  text: string;
  why: string;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED_FOLDERS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile() && TEXT_EXTENSIONS.has(extname(entry.name))) out.push(path);
  }
  return out;
}

function scannedFiles(): { file: string; lines: string[] }[] {
  const paths = [
    ...FOLDERS.flatMap((folder) => filesUnder(join(ROOT, folder))),
    ...ROOT_FILES.map((file) => join(ROOT, file)).filter((path) => existsSync(path)),
  ];
  return paths
    .map((path) => ({ path, file: relative(ROOT, path).split(sep).join('/') }))
    .filter(({ file }) => file !== THIS_FILE)
    .map(({ path, file }) => ({ file, lines: readFileSync(path, 'utf8').split('\n') }));
}

/** True when a relative path, read from `file`'s folder, names something in the repository. */
function existsInRepository(file: string, path: string): boolean {
  const target = resolve(ROOT, dirname(file), path);
  if (!target.startsWith(ROOT + sep)) return false;
  return ['', '.ts', '.tsx', '.js', '.json', '/index.ts', '/index.tsx'].some((suffix) => existsSync(target + suffix));
}

/** GitHub's anchor of a Markdown heading. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function architectureAnchors(): Set<string> {
  const path = join(ROOT, 'docs', 'architecture.md');
  if (!existsSync(path)) return new Set();
  const headings = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => /^#{1,6} /.test(line))
    .map((line) => line.replace(/^#{1,6} /, ''));
  return new Set(headings.map(anchorOf));
}

function isFrozen(file: string, text: string): boolean {
  return FROZEN_LINES.some((frozen) => frozen.file === file && frozen.text === text);
}

const files = scannedFiles();
const format = (hits: Hit[]) => hits.map((h) => `${h.file}:${h.line}: ${h.why}\n    ${h.text.trim()}`).join('\n');

describe('the repository is self-contained', () => {
  it('scans the source, the scripts, the tests and the docs', () => {
    expect(files.some((f) => f.file.startsWith('src/server/'))).toBe(true);
    expect(files.some((f) => f.file.startsWith('scripts/'))).toBe(true);
    expect(files.some((f) => f.file.startsWith('test/'))).toBe(true);
    expect(files.some((f) => f.file === 'README.md')).toBe(true);
  });

  it('cites no design note, style note, spec or path kept outside the repository', () => {
    const hits: Hit[] = [];
    for (const { file, lines } of files) {
      lines.forEach((text, index) => {
        if (isFrozen(file, text)) return;
        for (const { pattern, what } of OUTSIDE_CITATIONS) {
          if (pattern.test(text)) hits.push({ file, line: index + 1, text, why: what });
        }
      });
    }
    expect(format(hits)).toBe('');
  });

  it('has no relative path that leaves the repository or names a shared folder it does not hold', () => {
    const hits: Hit[] = [];
    for (const { file, lines } of files) {
      lines.forEach((text, index) => {
        if (isFrozen(file, text)) return;
        for (const [path] of text.matchAll(RELATIVE_PATH)) {
          const target = resolve(ROOT, dirname(file), path);
          if (!target.startsWith(ROOT + sep)) hits.push({ file, line: index + 1, text, why: `${path} leaves the repository` });
          else if (/(^|\/)shared\//.test(path) && !existsInRepository(file, path))
            hits.push({ file, line: index + 1, text, why: `${path} is not in the repository` });
        }
      });
    }
    expect(format(hits)).toBe('');
  });

  it('cites only docs that exist, and only sections docs/architecture.md has', () => {
    const anchors = architectureAnchors();
    const hits: Hit[] = [];
    for (const { file, lines } of files) {
      lines.forEach((text, index) => {
        for (const [, doc, anchor] of text.matchAll(DOCS_CITATION)) {
          if (!existsSync(join(ROOT, 'docs', doc as string))) hits.push({ file, line: index + 1, text, why: `docs/${doc} does not exist` });
          else if (anchor && doc === 'architecture.md' && !anchors.has(anchor.slice(1))) {
            hits.push({ file, line: index + 1, text, why: `docs/architecture.md has no section ${anchor}` });
          }
        }
        if (file !== 'docs/architecture.md') return;
        for (const [, anchor] of text.matchAll(/\]\(#([\w-]+)\)/g)) {
          if (!anchors.has(anchor as string)) hits.push({ file, line: index + 1, text, why: `no section #${anchor}` });
        }
      });
    }
    expect(format(hits)).toBe('');
  });

  it('names, for every reconciliation rule in docs/architecture.md, tests that exist', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
    const section = doc.split(/^## /m).find((part) => part.startsWith('Reconciliation\n'));
    expect(section).toBeDefined();
    const tests = RECONCILE_TESTS.map((file) => readFileSync(join(ROOT, file), 'utf8')).join('\n');
    const rows = (section ?? '')
      .split('\n')
      .filter((line) => line.startsWith('| ') && !line.startsWith('| what Graph shows') && !line.startsWith('| ---'));
    expect(rows.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const row of rows) {
      const cells = row.split(' | ');
      const titles = [...(cells[cells.length - 1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
      if (titles.length === 0) missing.push(`a rule without a test: ${row.slice(0, 80)}`);
      for (const title of titles) if (!tests.includes(title)) missing.push(`no test is named "${title}"`);
    }
    expect(missing).toEqual([]);
  });

  it('knows a frozen line only where it still is, so that the list cannot hide a new citation', () => {
    for (const frozen of FROZEN_LINES) {
      const file = files.find((f) => f.file === frozen.file);
      expect(file?.lines).toContain(frozen.text);
    }
  });
});
