// PyPI API tokens: `pypi-` and a base64url macaroon that must parse as version 2, signature included.
// Macaroon version 2, binary (libmacaroons' format): a version byte, then sections of fields, each
// `type varint, length varint, bytes`, ended by a zero byte. Header: location?, identifier. Caveats: location?,
// identifier, verification id?. An empty section ends the caveats; a 32-byte signature field ends the token.
import { HEX, randomFrom, SampleTemplateError, type Validator } from "./validator.js";

const MACAROON = { version: 2, eos: 0, location: 1, identifier: 2, vid: 4, signature: 6, signatureBytes: 32 };

function readUvarint(bytes: Buffer, at: number): [value: number, next: number] | null {
  let value = 0;
  for (let shift = 0, i = at; i < bytes.length && shift < 28; shift += 7, i++) {
    value |= (bytes[i] & 0x7f) << shift;
    if (bytes[i] < 0x80) return [value, i + 1];
  }
  return null;
}

/** Reads one section from `at`: the field types in order, and where the next section starts; null when malformed. */
function readSection(bytes: Buffer, at: number): { types: number[]; next: number } | null {
  const types: number[] = [];
  while (at < bytes.length) {
    const type = readUvarint(bytes, at);
    if (!type) return null;
    if (type[0] === MACAROON.eos) return { types, next: type[1] };
    if (types.length && type[0] <= types[types.length - 1]) return null;
    const length = readUvarint(bytes, type[1]);
    if (!length || length[1] + length[0] > bytes.length) return null;
    types.push(type[0]);
    at = length[1] + length[0];
  }
  return null;
}

function isMacaroonV2(bytes: Buffer): boolean {
  if (bytes[0] !== MACAROON.version) return false;
  const header = readSection(bytes, 1);
  const headerTypes = header?.types.join();
  if (!header || (headerTypes !== `${MACAROON.identifier}` && headerTypes !== `${MACAROON.location},${MACAROON.identifier}`)) return false;
  let at = header.next;
  for (;;) {
    const caveat = readSection(bytes, at);
    if (!caveat) return false;
    at = caveat.next;
    if (caveat.types.length === 0) break;
    const body = caveat.types[0] === MACAROON.location ? caveat.types.slice(1) : caveat.types;
    if (body[0] !== MACAROON.identifier || body.length > 2 || (body.length === 2 && body[1] !== MACAROON.vid)) return false;
  }
  return bytes[at] === MACAROON.signature && bytes[at + 1] === MACAROON.signatureBytes && at + 2 + MACAROON.signatureBytes === bytes.length;
}

/** A well-formed macaroon around random identifier and signature bytes. */
function buildMacaroon(location: string, identifier: string, caveats: string[], signature: Buffer): string {
  const field = (type: number, data: Buffer) => {
    if (data.length > 127) throw new Error("sample macaroon fields stay under 128 bytes");
    return Buffer.concat([Buffer.from([type, data.length]), data]);
  };
  const eos = Buffer.from([MACAROON.eos]);
  return Buffer.concat([
    Buffer.from([MACAROON.version]),
    field(MACAROON.location, Buffer.from(location)),
    field(MACAROON.identifier, Buffer.from(identifier)),
    eos,
    ...caveats.flatMap((c) => [field(MACAROON.identifier, Buffer.from(c)), eos]),
    eos,
    field(MACAROON.signature, signature),
  ]).toString("base64url");
}

const LOCATIONS: Record<string, string> = { pypi: "pypi.org", testpypi: "test.pypi.org" };

/** `{macaroon:pypi|testpypi}`: a well-formed version 2 macaroon (base64url) for that index. */
function macaroonSample(index: string, random: () => number): string {
  const location = LOCATIONS[index];
  if (!location) throw new SampleTemplateError(`unknown macaroon sample "${index}"`);
  const hex = (n: number) => randomFrom(HEX, n, random);
  const identifier = JSON.stringify({ nonce: hex(32), version: 1 });
  const now = Math.floor(Date.now() / 1000);
  const caveats = [JSON.stringify([1, [hex(32)]]), JSON.stringify([0, now + 86400, now])];
  return buildMacaroon(location, identifier, caveats, Buffer.from(hex(64), "hex"));
}

export const macaroonV2: Validator = {
  validate: (token) => isMacaroonV2(Buffer.from(token.slice(token.indexOf("-") + 1), "base64url")),
  sample: { kind: "macaroon", build: macaroonSample },
};
