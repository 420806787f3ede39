/** The shapes the benchmark harness passes around and writes to `.bench/results/<timestamp>.json`. */

/** What one child process measures: the hash floor, the scan floor, or a pipeline run. */
export type StepKind = 'hash' | 'floor' | 'pipeline';

/** The measured steps of one size, in the order they run. */
export type StepName = 'hash' | 'floor' | 'full' | 'incremental' | 'noop';

export interface HashSpec {
  kind: 'hash';
  files: string[];
  /** Passes in the one process; the median pass is the step's time. */
  passes: number;
}

export interface FloorSpec {
  kind: 'floor';
  file: string;
  memoryLimit: string;
  tempDirectory: string;
  threads?: number;
  /** Scans in the one process (after opening DuckDB); the median scan is the floor. */
  passes: number;
}

export interface PipelineSpec {
  kind: 'pipeline';
  /** The registered data product to run. */
  product: string;
  engine: string;
  inputDir: string;
  /** Directory of the engine's database (DuckDB: `finlake.duckdb` and the spill directory). */
  workDir: string;
  /** Start from an empty database (outside the timed region). */
  fresh: boolean;
  memoryLimit: string;
  threads?: number;
}

export type StepSpec = HashSpec | FloorSpec | PipelineSpec;

/** One stage of a pipeline run, from the pipeline's events; SQL time from FINLAKE_TRACE_SQL. */
export interface StageTiming {
  name: string;
  category: string;
  ms: number;
  /** Sum of the traced statements' times (each rounded to whole ms by the trace). */
  sqlMs: number;
  statements: number;
  /** The slowest statements of the stage, slowest first (text cut to 160 characters by the trace). */
  slowest: { ms: number; sql: string }[];
}

/** What the child writes to its result file. */
export interface ChildReport {
  ok: boolean;
  error?: string;
  /**
   * Time of the work itself, inside the child. Pipeline: open engine, run, close. Floors: the
   * median of their passes. Node/tsx start-up and resetting the warehouse are never included.
   */
  wallMs: number;
  /** process.cpuUsage() over the work (all threads of the process, DuckDB's included). */
  cpuUserMs: number;
  cpuSystemMs: number;
  /** process.resourceUsage().maxRSS at the end, in bytes. */
  maxRssBytes: number;
  /** Peak RSS of the server process that served the run (PostgreSQL on this machine), in bytes. */
  serverPeakRssBytes?: number;
  stages?: StageTiming[];
  /** Step-specific facts: counted rows, run status, file outcomes, DuckDB settings. */
  output?: Record<string, unknown>;
}

export type RssSource = '/usr/bin/time -v' | 'process.resourceUsage().maxRSS';

export interface Measurement {
  step: StepName;
  /** Engine of a pipeline step; the floors always use DuckDB (floor) or Node (hash). */
  engine?: string;
  ok: boolean;
  error?: string;
  /** Rows the step reads (rows of the largest file; the no-op and hash count every file's rows). */
  rows: number;
  bytes: number;
  /** Median work time over the repetitions (see ChildReport.wallMs). */
  wallMs: number;
  /** Work time of every repetition. */
  samplesMs: number[];
  /** Child process from spawn to exit, node and tsx start-up included. */
  processMs: number;
  cpuMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  peakRssBytes: number | null;
  peakRssSource: RssSource;
  /** Largest peak RSS of the server process serving the runs (PostgreSQL on this machine). */
  serverPeakRssBytes?: number;
  rowsPerSec: number;
  stages?: StageTiming[];
  output?: Record<string, unknown>;
}

export interface EngineRun {
  engine: string;
  available: boolean;
  /** Why the engine was not measured, e.g. "not available yet". */
  reason?: string;
  full?: Measurement;
  incremental?: Measurement;
  noop?: Measurement;
}

export interface DataFile {
  name: string;
  path: string;
  rows: number;
  bytes: number;
}

export interface DataSet {
  rows: number;
  seed: number;
  dir: string;
  fullDir: string;
  incrementDir: string;
  files: DataFile[];
  /** The file with the most rows: the scan floor reads it. */
  largest: DataFile;
  increment: DataFile;
  /** True when the files came from the cache. */
  cached: boolean;
  /** Generation time (0 when cached). */
  generateMs: number;
}

export interface SizeResult {
  rows: number;
  data: DataSet;
  hash: Measurement;
  floor: Measurement;
  engines: EngineRun[];
}

export interface MachineInfo {
  host: string;
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  os: string;
  node: string;
  duckdb?: string;
  /** 1-minute load average when the run started and ended: a busy machine makes every figure noisier. */
  loadAverageStart: number;
  loadAverageEnd?: number;
  peakRssTool: RssSource;
}

export interface BenchSettings {
  rows: number[];
  seed: number;
  engines: string[];
  /** Engines the harness can run (requested or not). */
  enginesAvailable: string[];
  memoryLimit: string;
  threads?: number;
  repeat: number;
  incrementShare: number;
  note?: string;
  floorSql: string;
}

export type TargetStatus = 'PASS' | 'FAIL' | 'n/a';

export interface TargetResult {
  id: string;
  title: string;
  /** The size it was checked at, when it applies to one size. */
  rows?: number;
  threshold: string;
  /** The measured value, or for n/a what was seen at the sizes that ran. */
  measured: string;
  status: TargetStatus;
  note?: string;
}

export interface BenchResults {
  schemaVersion: 1;
  startedAt: string;
  finishedAt: string;
  machine: MachineInfo;
  settings: BenchSettings;
  sizes: SizeResult[];
  targets: TargetResult[];
}
