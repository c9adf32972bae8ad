//! A call explained from end to end: the model the text and JSON views show.

use std::fmt;

use serde::Serialize;
use wit_parser::{Function, Resolve};

use crate::{
    AddressOverflow, CallError, CallLowering, CallOptions, FunctionAbi, ResultLifting, Value,
    function_abi, lift_result, lower_call,
};

/// What happens to the results: Wasmtime's last step, the same for every call.
pub const POST_RETURN: &str = "\
post-return
  Wasmtime's `Func::call` lifted the result, then ran the export's `post-return` function
  if the component declares one (so the guest can free the return area and the strings and
  lists in it), then returned the value; nothing is read from the guest's memory after
  that. wavecall does not show whether this export declares one.";

/// One call explained: the calls made before it, the function's ABI, the lowering of its
/// arguments, and, when it was made, what it returned and how that was lifted.
#[derive(Debug, Serialize)]
pub struct Explanation {
    /// The calls made first (to bind handles or set state), each with what it returned.
    pub setup: Vec<SetupCall>,
    /// The ABI of the function called.
    pub function: FunctionAbi,
    /// The call, as written.
    pub call: String,
    /// How the arguments are lowered, unless an argument holds a handle.
    pub lowering: Option<CallLowering>,
    /// Why the lowering cannot be shown: a handle's table index exists only while
    /// Wasmtime lowers the call.
    pub lowering_error: Option<String>,
    /// The function called, by its qualified name; `None` when no call was made.
    pub target: Option<String>,
    /// What the call returned, in WAVE; `None` when no call was made.
    pub result: Option<String>,
    /// How the result was lifted.
    pub lifting: Option<ResultLifting>,
    /// Why the lifting cannot be shown.
    pub lifting_error: Option<String>,
    /// [`POST_RETURN`], when a call was made.
    pub post_return: Option<&'static str>,
}

/// A call made before the one explained.
#[derive(Debug, Serialize)]
pub struct SetupCall {
    /// The call, as written.
    pub call: String,
    /// What it returned, in WAVE.
    pub result: String,
}

impl Explanation {
    /// The ABI of `wit` and the lowering of `args` for the call written `call`; add the
    /// call's outcome with [`Explanation::returned`].
    ///
    /// A lowering that fails because an argument holds a handle is reported in the
    /// explanation; any other failure is an error (the arguments do not fit the function, or
    /// not below 4 GiB from the base).
    pub fn new(
        resolve: &Resolve,
        wit: &Function,
        call: &str,
        args: &[Value],
        options: CallOptions,
    ) -> Result<Explanation, ExplainError> {
        let (lowering, lowering_error) = match lower_call(resolve, wit, args, options) {
            Ok(lowering) => (Some(lowering), None),
            Err(err) if args.iter().any(Value::holds_handle) => (None, Some(format!("{err:#}"))),
            Err(error) => {
                return Err(ExplainError::Lowering {
                    function: wit.name.clone(),
                    base: options.base,
                    error,
                });
            }
        };
        Ok(Explanation {
            setup: Vec::new(),
            function: function_abi(resolve, wit, options.string_encoding),
            call: call.to_string(),
            lowering,
            lowering_error,
            target: None,
            result: None,
            lifting: None,
            lifting_error: None,
            post_return: None,
        })
    }

    /// Adds that `target` (a qualified name) was called and returned `result` (`shown` in
    /// WAVE), and how that was lifted; the result's memory is laid out after the
    /// arguments', so that no address means two things. A result whose memory would not fit
    /// below 4 GiB from the base is an error: the base was chosen badly.
    pub fn returned(
        &mut self,
        resolve: &Resolve,
        wit: &Function,
        target: String,
        (result, shown): (Option<&Value>, String),
        options: CallOptions,
    ) -> Result<(), ExplainError> {
        let after_args = CallOptions {
            base: self.lowering.as_ref().map_or(options.base, |l| l.end),
            ..options
        };
        match lift_result(resolve, wit, result, after_args) {
            Ok(lifting) => self.lifting = Some(lifting),
            Err(error) if error.downcast_ref::<AddressOverflow>().is_some() => {
                return Err(ExplainError::Lifting {
                    target,
                    base: options.base,
                    error,
                });
            }
            Err(err) => self.lifting_error = Some(format!("{err:#}")),
        }
        self.target = Some(target);
        self.result = Some(shown);
        self.post_return = Some(POST_RETURN);
        Ok(())
    }
}

/// Why a call could not be explained.
#[derive(Debug)]
pub enum ExplainError {
    /// The WIT does not parse, or names no world to take the function from.
    Wit(anyhow::Error),
    /// The call text is wrong: the error points at the part of it to fix.
    Call(CallError),
    /// The arguments do not fit the function, or not below 4 GiB from the base (an
    /// [`AddressOverflow`] in the chain).
    Lowering {
        /// The function called.
        function: String,
        /// The first address the simulated allocator handed out.
        base: u32,
        /// What went wrong.
        error: anyhow::Error,
    },
    /// The result's memory does not fit below 4 GiB from the base.
    Lifting {
        /// The function called, by its qualified name.
        target: String,
        /// The first address the simulated allocator handed out.
        base: u32,
        /// What went wrong (an [`AddressOverflow`] in the chain).
        error: anyhow::Error,
    },
}

impl fmt::Display for ExplainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExplainError::Wit(err) => write!(f, "{err:#}"),
            ExplainError::Call(err) => err.fmt(f),
            ExplainError::Lowering { function, base, .. } => write!(
                f,
                "cannot explain the lowering of `{function}` from base {base:#x}"
            ),
            ExplainError::Lifting { target, base, .. } => write!(
                f,
                "cannot explain the lifting of the result of `{target}` from base {base:#x}"
            ),
        }
    }
}

impl std::error::Error for ExplainError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ExplainError::Lowering { error, .. } | ExplainError::Lifting { error, .. } => {
                Some(error.as_ref())
            }
            ExplainError::Wit(_) | ExplainError::Call(_) => None,
        }
    }
}

impl From<CallError> for ExplainError {
    fn from(err: CallError) -> ExplainError {
        ExplainError::Call(err)
    }
}
