import { readFileSync } from "node:fs";
import type { Guidance } from "./schema.js";
import type { CatalogueHead, DetectorCore, PatternFacts, Severity } from "./types.js";

// Built by src/tools/build-catalogue.ts from detectors/*.json, already validated: no schema work at run time.
const CATALOGUE_FILE = new URL("../catalogue.jsonl", import.meta.url);
const GUIDANCE_DIR = new URL("../guidance/", import.meta.url);

/**
 * The catalogue file's first line holds what every run reads of every detector (CatalogueHead); each line after
 * it holds the rest of one detector, parsed when that detector is first used. In a fresh process, parsing the
 * whole catalogue took 6.6 ms (433 page faults); the heads and the file's bytes take 3.1 ms (201).
 */
export function loadBuiltinDetectors(file: URL = CATALOGUE_FILE): DetectorCore[] {
  const bytes = readFileSync(file);
  const firstEnd = bytes.indexOf(10);
  const heads = JSON.parse(bytes.toString("utf8", 0, firstEnd)) as CatalogueHead[];
  const rest = new DetailLines(bytes, firstEnd + 1);
  return heads.map((head, i) => new ShippedDetector(head, rest, i));
}

/** A detector as a plain object: a shipped one reads its fields on first use, which a spread would skip. */
export function plainCore(core: DetectorCore): DetectorCore {
  return core instanceof ShippedDetector ? core.plain() : core;
}

type Details = Omit<DetectorCore, keyof CatalogueHead>;

/** The detail lines of the catalogue file, found on first use. */
class DetailLines {
  private starts?: number[];
  constructor(
    private readonly bytes: Buffer,
    private readonly from: number,
  ) {}

  parse(index: number): Details {
    const starts = (this.starts ??= lineStarts(this.bytes, this.from));
    return JSON.parse(this.bytes.toString("utf8", starts[index], starts[index + 1] - 1)) as Details;
  }
}

function lineStarts(bytes: Buffer, from: number): number[] {
  const starts = [from];
  for (let nl = bytes.indexOf(10, from); nl !== -1; nl = bytes.indexOf(10, nl + 1)) starts.push(nl + 1);
  if (starts[starts.length - 1] < bytes.length) starts.push(bytes.length + 1);
  return starts;
}

class ShippedDetector implements DetectorCore {
  readonly id: string;
  readonly keywords: string[];
  readonly exactKeywords?: boolean[];
  readonly validator?: string;
  private details?: Details;

  constructor(
    private readonly head: CatalogueHead,
    private readonly lines: DetailLines,
    private readonly index: number,
  ) {
    this.id = head.id;
    this.keywords = head.keywords;
    this.exactKeywords = head.exactKeywords;
    this.validator = head.validator;
  }

  plain(): DetectorCore {
    return { ...this.head, ...this.rest };
  }

  private get rest(): Details {
    return (this.details ??= this.lines.parse(this.index));
  }
  get name(): string {
    return this.rest.name;
  }
  get service(): string {
    return this.rest.service;
  }
  get severity(): Severity {
    return this.rest.severity;
  }
  get patterns(): string[] {
    return this.rest.patterns;
  }
  get entropy(): number | undefined {
    return this.rest.entropy;
  }
  get context(): DetectorCore["context"] {
    return this.rest.context;
  }
  get overrides(): string[] | undefined {
    return this.rest.overrides;
  }
  get fallback(): boolean | undefined {
    return this.rest.fallback;
  }
  get partOf(): DetectorCore["partOf"] {
    return this.rest.partOf;
  }
  get patternFacts(): PatternFacts[] | undefined {
    return this.rest.patternFacts;
  }
}

export interface DetectorDoc {
  id: string;
  name: string;
  service: string;
  severity: Severity;
  guidance: Guidance;
}

/** Guidance is only read when there is something to explain, one small file per detector. */
export function loadGuidance(id: string): DetectorDoc | undefined {
  if (!/^[a-z0-9-]+$/.test(id)) return undefined;
  try {
    return JSON.parse(readFileSync(new URL(id + ".json", GUIDANCE_DIR), "utf8")) as DetectorDoc;
  } catch {
    return undefined;
  }
}
