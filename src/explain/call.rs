//! A call explained from end to end, as text for people and as JSON (through `serde`).

use std::fmt::{self, Display, Formatter};

use serde::Serialize;
use wasmtime::component::Val;
use wasmtime::component::wit_parser::{Function, Resolve};

use crate::abi::{
    AddressOverflow, CallLowering, CallOptions, FunctionAbi, ResultLifting, explain_call,
    explain_function, explain_result,
};
use crate::error::{ClassifyExt, FailureClass};

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
pub struct CallExplanation {
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

impl CallExplanation {
    /// The ABI of `wit` and the lowering of `args` for the call written `call`; add the
    /// call's outcome with [`CallExplanation::returned`].
    ///
    /// A lowering that fails because an argument holds a handle is reported in the
    /// explanation; any other failure is an error (the arguments do not fit the function).
    pub fn new(
        resolve: &Resolve,
        wit: &Function,
        call: &str,
        args: &[Val],
        options: CallOptions,
    ) -> anyhow::Result<CallExplanation> {
        let (lowering, lowering_error) = match explain_call(resolve, wit, args, options) {
            Ok(lowering) => (Some(lowering), None),
            Err(err) if args.iter().any(holds_handle) => (None, Some(format!("{err:#}"))),
            Err(err) => {
                return Err(err).classify(FailureClass::Usage, || {
                    format!(
                        "cannot explain the lowering of `{}` (`--base {:#x}`)",
                        wit.name, options.base
                    )
                });
            }
        };
        Ok(CallExplanation {
            setup: Vec::new(),
            function: explain_function(resolve, wit, options.string_encoding),
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
        (result, shown): (Option<&Val>, String),
        options: CallOptions,
    ) -> anyhow::Result<()> {
        let after_args = CallOptions {
            base: self.lowering.as_ref().map_or(options.base, |l| l.end),
            ..options
        };
        match explain_result(resolve, wit, result, after_args) {
            Ok(lifting) => self.lifting = Some(lifting),
            Err(err) if err.downcast_ref::<AddressOverflow>().is_some() => {
                return Err(anyhow::anyhow!("{err:#}")).classify(FailureClass::Usage, || {
                    format!(
                        "cannot explain the lifting of the result of `{target}` (`--base {:#x}`)",
                        options.base
                    )
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

impl Display for CallExplanation {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if !self.setup.is_empty() {
            writeln!(f, "calls made first")?;
            for setup in &self.setup {
                writeln!(f, "  {}\n    returned {}", setup.call, setup.result)?;
            }
            writeln!(f)?;
        }
        writeln!(f, "{}", self.function)?;
        match (&self.lowering, &self.lowering_error) {
            (Some(lowering), _) => writeln!(f, "{lowering}")?,
            (None, error) => writeln!(
                f,
                "the lowering cannot be shown: {}\n",
                error.as_deref().unwrap_or("no reason given")
            )?,
        }
        let (Some(target), Some(result)) = (&self.target, &self.result) else {
            return writeln!(f, "no call is made: `--wit` gives the types, not the code");
        };
        writeln!(
            f,
            "calling `{target}` through Wasmtime\n  returned {result}\n"
        )?;
        match (&self.lifting, &self.lifting_error) {
            (Some(lifting), _) => writeln!(f, "{lifting}")?,
            (None, error) => writeln!(
                f,
                "the lifting cannot be shown: {}\n",
                error.as_deref().unwrap_or("no reason given")
            )?,
        }
        writeln!(f, "{POST_RETURN}")
    }
}

/// Whether a value holds a handle anywhere inside it.
fn holds_handle(val: &Val) -> bool {
    match val {
        Val::Resource(_) => true,
        Val::List(items) | Val::Tuple(items) | Val::FixedLengthList(items) => {
            items.iter().any(holds_handle)
        }
        Val::Record(fields) => fields.iter().any(|(_, v)| holds_handle(v)),
        Val::Variant(_, Some(v)) | Val::Option(Some(v)) => holds_handle(v),
        Val::Result(Ok(Some(v)) | Err(Some(v))) => holds_handle(v),
        Val::Map(entries) => entries
            .iter()
            .any(|(k, v)| holds_handle(k) || holds_handle(v)),
        _ => false,
    }
}
