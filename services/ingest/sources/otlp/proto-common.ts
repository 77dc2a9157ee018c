// Reading OTLP protobuf safely: a cursor over @bufbuild/protobuf's BinaryReader that checks every length
// against its enclosing message, plus the common.proto messages (KeyValue, AnyValue) with a depth bound.
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { hexOf } from './ids.js';
import { DecodeError, newAttributes, type AttrValue, type Attributes } from './model.js';

export const LEN = WireType.LengthDelimited;
/** Ids longer than this are certainly wrong; refuse them before turning them into hex. */
const MAX_ID_BYTES = 64;

export class ProtoCursor {
  protected readonly r: BinaryReader;
  protected readonly view: DataView;

  constructor(
    protected readonly buf: Uint8Array,
    private readonly maxAttributeDepth: number,
  ) {
    this.r = new BinaryReader(buf);
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** A message whose field `field` is a repeated KeyValue (Resource.attributes, KeyValueList.values). */
  protected attributesOf(end: number, field: number, into: Attributes): void {
    while (this.r.pos < end) {
      const tag = this.tag();
      if (tag === ((field << 3) | LEN)) this.keyValue(this.subEnd(end), into, 1);
      else this.skip(tag, end);
    }
    this.closeAt(end);
  }

  /** KeyValue { string key = 1; AnyValue value = 2 } */
  protected keyValue(end: number, into: Attributes, depth: number): void {
    let key = '';
    let value: AttrValue = null;
    while (this.r.pos < end) {
      const tag = this.tag();
      if (tag === ((1 << 3) | LEN)) key = this.r.string();
      else if (tag === ((2 << 3) | LEN)) value = this.anyValue(this.subEnd(end), depth);
      else this.skip(tag, end);
    }
    this.closeAt(end);
    if (key) into[key] = value;
  }

  /** AnyValue { oneof: string 1, bool 2, int64 3, double 4, ArrayValue 5, KeyValueList 6, bytes 7 } */
  protected anyValue(end: number, depth: number): AttrValue {
    if (depth > this.maxAttributeDepth)
      throw new DecodeError(`an attribute value is nested deeper than ${this.maxAttributeDepth} levels`, 'VIGIL_ERR_TOO_LARGE');
    let value: AttrValue = null;
    while (this.r.pos < end) {
      const tag = this.tag();
      switch (tag) {
        case (1 << 3) | LEN:
          value = this.r.string();
          break;
        case (2 << 3) | WireType.Varint:
          value = this.r.bool();
          break;
        case (3 << 3) | WireType.Varint: {
          const big = this.r.int64();
          const n = Number(big);
          value = Number.isSafeInteger(n) ? n : String(big);
          break;
        }
        case (4 << 3) | WireType.Bit64:
          this.need(8, end);
          value = this.r.double();
          break;
        case (5 << 3) | LEN:
          value = this.arrayValue(this.subEnd(end), depth + 1);
          break;
        case (6 << 3) | LEN: {
          const kv = newAttributes();
          this.kvList(this.subEnd(end), kv, depth + 1);
          value = kv;
          break;
        }
        case (7 << 3) | LEN: {
          const len = this.r.uint32();
          this.need(len, end);
          value = Buffer.from(this.buf.buffer, this.buf.byteOffset + this.r.pos, len).toString('base64');
          this.r.pos += len;
          break;
        }
        default:
          this.skip(tag, end);
      }
    }
    this.closeAt(end);
    return value;
  }

  /** ArrayValue { repeated AnyValue values = 1 } */
  protected arrayValue(end: number, depth: number): AttrValue[] {
    const values: AttrValue[] = [];
    while (this.r.pos < end) {
      const tag = this.tag();
      if (tag === ((1 << 3) | LEN)) values.push(this.anyValue(this.subEnd(end), depth));
      else this.skip(tag, end);
    }
    this.closeAt(end);
    return values;
  }

  /** KeyValueList { repeated KeyValue values = 1 } */
  protected kvList(end: number, into: Attributes, depth: number): void {
    while (this.r.pos < end) {
      const tag = this.tag();
      if (tag === ((1 << 3) | LEN)) this.keyValue(this.subEnd(end), into, depth);
      else this.skip(tag, end);
    }
    this.closeAt(end);
  }

  protected id(field: string, end: number): string {
    const len = this.r.uint32();
    if (len > MAX_ID_BYTES) throw new DecodeError(`${field} is ${len} bytes, far over the 8 or 16 an id has`, 'VIGIL_ERR_VALIDATION');
    this.need(len, end);
    const start = this.r.pos;
    this.r.pos += len;
    return hexOf(this.buf, start, start + len);
  }

  /** Reads a tag as one number (field << 3 | wire type); a tag array per field would allocate. */
  protected tag(): number {
    const at = this.r.pos;
    const tag = this.r.uint32();
    if (tag >>> 3 === 0 || (tag & 7) > 5) throw new DecodeError(`invalid field tag ${tag} at byte ${at}`);
    return tag;
  }

  /** Reads a length prefix and returns where that sub-message ends, refusing one that overruns its parent. */
  protected subEnd(parentEnd: number): number {
    const at = this.r.pos;
    const len = this.r.uint32();
    const end = this.r.pos + len;
    if (end > parentEnd) throw new DecodeError(`length ${len} at byte ${at} overruns its enclosing message`);
    return end;
  }

  protected need(len: number, end: number): void {
    if (this.r.pos + len > end) throw new DecodeError(`a field at byte ${this.r.pos} overruns its enclosing message`);
  }

  protected skip(tag: number, end: number): void {
    const wireType = (tag & 7) as WireType;
    if (wireType === WireType.EndGroup) throw new DecodeError(`unexpected end-group tag at byte ${this.r.pos}`);
    this.r.skip(wireType, tag >>> 3);
    if (this.r.pos > end) throw new DecodeError(`field ${tag >>> 3} overruns its enclosing message`);
  }

  protected closeAt(end: number): void {
    if (this.r.pos !== end) throw new DecodeError(`a field overruns its enclosing message (byte ${this.r.pos}, message ends at ${end})`);
  }
}
