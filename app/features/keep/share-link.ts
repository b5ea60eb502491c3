/**
 * A lab in a link: `#lab=` followed by the lab file's JSON, compressed with the browser's
 * CompressionStream('deflate-raw') and written in base64url. The fragment never reaches a
 * server, so a link works from any static host and shares nothing but the link itself.
 */
import { parseLabText, type Lab, type LabResult } from '../../../workers/lab-model';

export const LINK_PREFIX = '#lab=';

async function pipe(bytes: Uint8Array, through: GenericTransformStream): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(through);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode with a huge spread overflows the call stack.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Throws on characters base64url does not use. */
export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text))
    throw new Error('it contains characters a lab link never has');
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The code that follows `#lab=`. */
export async function encodeLab(lab: Lab): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(lab));
  return toBase64Url(await pipe(json, new CompressionStream('deflate-raw')));
}

/** The lab in a link's code, validated by the engine as a file would be. */
export async function decodeLab(code: string): Promise<LabResult> {
  let text: string;
  try {
    const bytes = await pipe(fromBase64Url(code), new DecompressionStream('deflate-raw'));
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      issues: [{ path: '', message: `the link is damaged (${why}); copy the whole link again` }],
    };
  }
  return parseLabText(text);
}

/** The whole link: this page's address without its fragment, then `#lab=` and the code. */
export async function labLink(lab: Lab, pageUrl: string): Promise<string> {
  return pageUrl.replace(/#.*$/, '') + LINK_PREFIX + (await encodeLab(lab));
}

/** The code in a location hash, if it carries a lab. */
export function codeFromHash(hash: string): string | undefined {
  return hash.startsWith(LINK_PREFIX) ? hash.slice(LINK_PREFIX.length) : undefined;
}
