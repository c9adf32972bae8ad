// The explanation as `wavecall explain --format json` prints it (crates/abi's `Serialize`
// implementations), and what the engine adds for the page.

export type CoreType = "i32" | "i64" | "f32" | "f64";

export interface TypeLayout {
  wit: string;
  size: number;
  align: number;
  flat: CoreType[];
  kind: string;
  fields?: { name: string; offset: number; layout: TypeLayout }[];
  discriminant_size?: number;
  payload_offset?: number;
  cases?: { name: string; discriminant: number; payload: TypeLayout | null }[];
  flags?: { name: string; byte: number; byte_bit: number; flat_index: number; flat_bit: number }[];
  element?: TypeLayout;
  length?: number;
  key?: TypeLayout;
  value?: TypeLayout;
  value_offset?: number;
  entry_size?: number;
  encoding?: string;
}

export interface CoreSignature {
  direction: "lift" | "lower";
  params: CoreType[];
  results: CoreType[];
  flat_param_count: number;
  flat_result_count: number;
  params_in_memory: boolean;
  result_in_memory: boolean;
  params_reason: string;
  result_reason: string;
}

export interface FunctionAbi {
  name: string;
  params: { name: string; layout: TypeLayout }[];
  result: TypeLayout | null;
  string_encoding: string;
  lift: CoreSignature;
  lower: CoreSignature;
}

export interface FlatValue {
  ty: CoreType;
  bits: number;
  path: string;
  note: string;
}

export interface ReallocCall {
  old_ptr: number;
  old_size: number;
  align: number;
  new_size: number;
  ret: number;
  purpose: string;
}

export interface ByteSpan {
  addr: number;
  len: number;
  path: string;
  note: string;
}

export interface MemoryBlock {
  addr: number;
  align: number;
  purpose: string;
  bytes: (number | null)[];
  spans: ByteSpan[];
}

export interface CallLowering {
  function: string;
  options: { base: number; string_encoding: string };
  params_in_memory: boolean;
  flat: FlatValue[];
  reallocs: ReallocCall[];
  memory: MemoryBlock[];
  end: number;
}

export interface ResultLifting {
  function: string;
  result: string | null;
  options: { base: number; string_encoding: string };
  result_in_memory: boolean;
  flat: FlatValue[];
  memory: MemoryBlock[];
  rules: string[];
}

export interface Explanation {
  function: FunctionAbi;
  call: string;
  lowering: CallLowering | null;
  lowering_error: string | null;
  target: string | null;
  result: string | null;
  lifting: ResultLifting | null;
  lifting_error: string | null;
}

/// Display strings the engine works out (64-bit values lose bits in JavaScript numbers).
export interface View {
  flat: string[];
  lifted_flat: string[];
}

export type Input = "wit" | "call" | "result" | "base" | "encoding";

export interface InputError {
  input: Input;
  /// What `wavecall` prints on standard error.
  text: string;
  message: string;
  /// UTF-16 indices into the input.
  span: [number, number] | null;
  /// The WIT line wit-parser points at.
  line: number | null;
}

/// What the engine answers for one set of inputs.
export interface Answer {
  explanation?: Explanation;
  text?: string;
  view?: View;
  error?: InputError;
}
