/** Bytes of ASCII text (the engine has no TextEncoder); refuses anything else. */
export function asciiBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) throw new RangeError(`${JSON.stringify(text)} is not ASCII`);
    bytes[i] = code;
  }
  return bytes;
}
