//! Steps 4 and 5 of the pipeline: one instance and the calls made on it.
//!
//! A session instantiates a program once; every call after that runs on the same instance,
//! so state carries over and handles returned by one call can be passed to the next. After a
//! trap or an exhausted limit the instance is not used again.

mod builder;
mod check;
mod errors;
mod handles;

use std::ops::Range;

use anyhow::{Result, anyhow};
use wasmtime::Store;
use wasmtime::component::{Func, Instance, ResourceAny, Type, Val};

use crate::error::{ClassifyExt, FailureClass, InvocationError};
use crate::exports::{Callee, ExportedFunc};
use crate::host::HostState;
use crate::invocation::values::{self, Expanded};
use crate::invocation::{self, CallSyntax};
use crate::limits::{HasLimiter, Limits};
use crate::program::Program;
use crate::render::{self, Format, HandleNames};
use builder::ProgramRef;
use handles::{Handles, Scope, SessionBindings};

pub use builder::{SessionBuilder, SessionPre};
pub use check::CallChecker;

/// The result of one call.
#[derive(Debug)]
pub struct CallOutcome {
    /// The qualified name of the function that ran.
    pub func: String,
    /// Its results (none or one).
    pub results: Vec<Val>,
    /// Their types.
    pub result_types: Vec<Type>,
    /// The fuel the call used, when the runtime meters fuel.
    pub fuel_used: Option<u64>,
}

/// A live instance of a program.
pub struct Session<'p> {
    program: ProgramRef<'p>,
    store: Store<HostState>,
    instance: Instance,
    handles: Handles,
    /// Why the instance may not be used again.
    broken: Option<String>,
    /// The session's limits, over the runtime's.
    session_limits: Limits,
    /// The limits of the next call: those set for calls over the session's.
    limits: Limits,
    /// Results kept for reuse as `$1`, `$2`, … ([`Session::keep`]), with their types.
    kept: Vec<(Val, Type)>,
}

/// A call whose target is resolved and whose arguments are converted, not yet made.
pub struct PreparedCall {
    /// The function the call names.
    pub func: ExportedFunc,
    /// The arguments, a method's `self` first.
    pub args: Vec<Val>,
}

impl<'p> Session<'p> {
    /// Sets the limits of the calls that follow, over the session's: `wavecall test` gives
    /// each test of a shared instance its own fuel and timeout. The stack limit and the
    /// output cap cannot change.
    pub fn set_limits(&mut self, limits: Limits) -> Result<()> {
        let metering = self.program.metering();
        limits.check_over(&self.session_limits, metering, true)?;
        self.limits = limits.or(self.session_limits);
        Ok(())
    }

    /// The limits the next call runs under.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// How many times each mock has been called, in the order they were given.
    pub fn mock_calls(&self) -> &[u64] {
        &self.store.data().mock_calls
    }

    /// Keeps the result of `outcome` (a function with one result) for later calls to use as
    /// `$N`; returns `N`, counting from 1.
    pub fn keep(&mut self, outcome: &CallOutcome) -> Option<usize> {
        match (outcome.results.as_slice(), outcome.result_types.as_slice()) {
            ([value], [ty]) => {
                self.kept.push((value.clone(), ty.clone()));
                Some(self.kept.len())
            }
            _ => None,
        }
    }

    /// What is bound in this session, for completion: the names of live handles and the
    /// kept results.
    pub fn names(&self) -> crate::complete::Names {
        crate::complete::Names {
            handles: self
                .handles
                .live_bindings()
                .into_iter()
                .map(|(name, resource)| crate::complete::BoundHandle { name, resource })
                .collect(),
            kept: self.kept.clone(),
        }
    }

    /// The results kept so far, `$1` first, with their types.
    pub fn kept(&self) -> &[(Val, Type)] {
        &self.kept
    }

    /// The call with each `$N` replaced by the WAVE text of the result it names (handles
    /// as this session numbers them); `None` when it names none.
    pub fn expand(&self, text: &str) -> Result<Option<Expanded>, InvocationError> {
        if !text.contains('$') {
            return Ok(None);
        }
        let names = self.handle_names();
        let expanded = values::expand(text, self.kept.len(), |n| {
            let (value, _) = self.kept.get(n - 1)?;
            Some(render::results(
                std::slice::from_ref(value),
                Format::Wave,
                &names,
            ))
        })?;
        Ok(expanded.changed().then_some(expanded))
    }

    /// Parses, resolves and runs one call such as `area(circle({radius: 1.0}))`; `$N`
    /// names a result kept with [`Session::keep`].
    pub fn invoke(&mut self, text: &str) -> Result<CallOutcome> {
        let expanded = self.expand(text)?;
        let result = self.invoke_text(expanded.as_ref().map_or(text, |e| &e.text));
        result.map_err(|err| pointed_back(err, expanded.as_ref()))
    }

    fn invoke_text(&mut self, text: &str) -> Result<CallOutcome> {
        // The arguments are parsed last, against their types; a syntax error in them still
        // comes before any other error, as `syntax_first` makes sure.
        let call = invocation::split(text)?;
        // A handle on the program of its own, so that what the call resolves to does not
        // borrow the session, which the call needs mutably.
        let program = self.program.clone();
        let target = self.target(&program, &call);
        let (func, receiver) = match target.map_err(|e| call.syntax_first(e))? {
            Callee::Func { func, receiver } => (func, receiver),
            Callee::Drop { handle, span } => {
                call.check_arguments()?;
                return self.drop_handle(&call, &handle, span);
            }
        };
        let args = self.arguments(&call, func, receiver)?;
        let outcome = self.call(func, &args);
        invocation::typed::release(args);
        let outcome = outcome?;
        if let (Some((binding, _)), [Val::Resource(handle)]) =
            (&call.binding, outcome.results.as_slice())
        {
            self.handles.bind(binding, handle);
        }
        Ok(outcome)
    }

    /// Parses and resolves a call and converts its arguments against this instance's
    /// handles, without making it (`wavecall explain` shows the lowering first, then calls
    /// [`Session::call`]). A binding (`c = …`) is checked but not made.
    pub fn prepare_call(&mut self, text: &str) -> Result<PreparedCall> {
        let expanded = self.expand(text)?;
        let result = self.prepare_text(expanded.as_ref().map_or(text, |e| &e.text));
        result.map_err(|err| pointed_back(err, expanded.as_ref()))
    }

    fn prepare_text(&mut self, text: &str) -> Result<PreparedCall> {
        let call = invocation::split(text)?;
        let program = self.program.clone();
        match self
            .target(&program, &call)
            .map_err(|e| call.syntax_first(e))?
        {
            Callee::Func { func, receiver } => {
                let args = self.arguments(&call, func, receiver)?;
                Ok(PreparedCall {
                    func: func.clone(),
                    args,
                })
            }
            Callee::Drop { .. } => Err(InvocationError::new(
                call.text,
                call.target.clone(),
                "`drop` is wavecall's own way to drop a handle, not a function of the component",
            )
            .into()),
        }
    }

    /// Checks the binding and converts the written arguments, after a method's receiver.
    fn arguments(
        &mut self,
        call: &CallSyntax,
        func: &ExportedFunc,
        receiver: Option<ResourceAny>,
    ) -> Result<Vec<Val>> {
        let name = func.qualified_name();
        let ty = self.func(func)?.ty(&self.store);
        let params: Vec<(String, Type)> = ty.params().map(|(n, t)| (n.to_string(), t)).collect();
        let results: Vec<Type> = ty.results().collect();
        self.handles.clear_pending();
        let scope = Scope {
            program: &self.program,
            handles: &self.handles,
        };
        if let Some((binding, span)) = &call.binding {
            errors::check_bindable(call, (binding, span.clone()), &name, &results, &scope)
                .map_err(|e| call.syntax_first(e))?;
        }
        let given = receiver.map(Val::Resource).into_iter().collect();
        Ok(invocation::arguments(call, &name, &params, given, &scope)?)
    }

    /// Calls a function with arguments given as JSON (the mapping of `docs/json.md`):
    /// an array, one value per parameter in order (a method's `self` first), or an object
    /// keyed by parameter name. Trailing `option` parameters may be left out. Handles are
    /// written `{"handle": "c"}`, by a bound name or as printed (`counter(0)`).
    pub fn call_json(
        &mut self,
        func: &ExportedFunc,
        args: &serde_json::Value,
    ) -> Result<CallOutcome> {
        let name = func.qualified_name();
        // The instance's own types: its resource types are not the component's.
        let ty = self.func(func)?.ty(&self.store);
        let params: Vec<(String, Type)> = ty.params().map(|(n, t)| (n.to_string(), t)).collect();
        self.handles.clear_pending();
        let scope = Scope {
            program: &self.program,
            handles: &self.handles,
        };
        let args = render::json_arguments(args, &params, &scope)
            .classify(FailureClass::Usage, || {
                format!("invalid arguments for `{name}`")
            })?;
        self.call(func, &args)
    }

    /// Calls a function with typed arguments.
    pub fn call(&mut self, func: &ExportedFunc, args: &[Val]) -> Result<CallOutcome> {
        let name = func.qualified_name();
        if let Some(reason) = &self.broken {
            return Err(anyhow!("the instance cannot be used again after {reason}"))
                .classify(FailureClass::Call, || format!("failed to call `{name}`"));
        }
        let f = self.func(func)?;
        let result_types: Vec<Type> = f.ty(&self.store).results().collect();
        let mut results = vec![Val::Bool(false); result_types.len()];
        self.handles.commit_moves();
        crate::limits::arm(&mut self.store, &self.limits, self.program.metering())
            .map_err(anyhow::Error::from)
            .classify(FailureClass::Call, || format!("failed to call `{name}`"))?;
        if let Err(err) = f.call(&mut self.store, args, &mut results) {
            let err = match self.store.data_mut().limiter().take_interrupted() {
                true => anyhow::Error::from(err).context(crate::limits::Interrupted),
                false => crate::limits::annotate(err, &self.limits),
            };
            self.broken = Some(format!("the failed call to `{name}`"));
            return Err(err).classify(FailureClass::Call, || format!("failed to call `{name}`"));
        }
        for value in &results {
            self.handles.register(value, &self.program);
        }
        // `arm` gave the call its fuel (all there is without a limit); what is left says
        // what it used.
        let fuel_used = match self.program.metering().fuel {
            true => self
                .store
                .get_fuel()
                .ok()
                .map(|left| self.limits.fuel.unwrap_or(u64::MAX).saturating_sub(left)),
            false => None,
        };
        Ok(CallOutcome {
            func: name,
            results,
            result_types,
            fuel_used,
        })
    }

    /// Runs the `wasi:cli/run` export and returns the guest's exit status.
    pub fn run_command(&mut self) -> Result<i32> {
        let run = self.program.exports().funcs().iter().find(|f| {
            f.name == "run"
                && f.instance_path
                    .last()
                    .is_some_and(|i| i.starts_with("wasi:cli/run@"))
        });
        let Some(func) = run.cloned() else {
            return Err(anyhow!(
                "the component exports no `wasi:cli/run` interface; name a function to call with `--invoke`"
            ))
            .classify(FailureClass::Usage, || {
                format!("cannot run `{}` as a command", self.program.name())
            });
        };
        match self.call(&func, &[]) {
            Ok(outcome) => Ok(match outcome.results.as_slice() {
                [Val::Result(Err(_))] => 1,
                _ => 0,
            }),
            Err(err) => match err.downcast_ref::<wasmtime_wasi::I32Exit>() {
                Some(exit) => Ok(exit.0),
                None => Err(err),
            },
        }
    }

    /// Renders a call's results, naming handles as this session numbered them
    /// (`counter(0)`): [`render::results`] with [`Session::handle_names`].
    pub fn render(&self, outcome: &CallOutcome, format: Format) -> String {
        render::results(&outcome.results, format, &self.handle_names())
    }

    /// How this session names the handles it has seen, for [`render`]'s functions.
    pub fn handle_names(&self) -> impl HandleNames + '_ {
        Scope {
            program: &self.program,
            handles: &self.handles,
        }
    }

    /// A handle that stops this session's running call from another thread (a REPL's
    /// Ctrl-C); the call fails with [`limits::Interrupted`](crate::limits::Interrupted) in
    /// its chain and the instance is unusable after it. `None` when the runtime does not
    /// meter time ([`RuntimeBuilder::meter_time`](crate::RuntimeBuilder::meter_time)): the
    /// interruption rides on the epoch ticks.
    pub fn interrupter(&mut self) -> Option<crate::limits::Interrupter> {
        self.program
            .metering()
            .timeout
            .then(|| self.store.data_mut().limiter().interrupter())
    }

    /// The fuel left after the last call, when the runtime meters fuel: a call's use is the
    /// fuel it was given ([`Session::limits`], all there is without a limit) less this.
    pub fn fuel_left(&self) -> Option<u64> {
        match self.program.metering().fuel {
            true => self.store.get_fuel().ok(),
            false => None,
        }
    }

    /// Whether a trap or an exhausted limit has ended the instance: every later call fails.
    pub fn is_broken(&self) -> bool {
        self.broken.is_some()
    }

    /// The program this session runs.
    pub fn program(&self) -> &Program {
        &self.program
    }

    /// The instance's function; missing only if the component's type lists an export its
    /// instance does not have, which makes the component unusable (a load failure).
    fn func(&mut self, func: &ExportedFunc) -> Result<Func> {
        self.instance
            .get_func(&mut self.store, func.index)
            .ok_or_else(|| {
                anyhow!(
                    "`{}` is not a function of this instance",
                    func.qualified_name()
                )
            })
            .classify(FailureClass::Load, || {
                format!("failed to find `{}`", func.qualified_name())
            })
    }

    fn target<'a>(
        &self,
        program: &'a Program,
        call: &CallSyntax,
    ) -> Result<Callee<'a, ExportedFunc, ResourceAny>, InvocationError> {
        program
            .exports()
            .resolve_call(call, &SessionBindings(&self.handles))
    }

    fn drop_handle(
        &mut self,
        call: &CallSyntax,
        written: &str,
        span: Range<usize>,
    ) -> Result<CallOutcome> {
        let handle = self.handles.drop_live(written, call, span)?;
        handle
            .resource_drop(&mut self.store)
            .map_err(anyhow::Error::from)
            .classify(FailureClass::Call, || {
                format!("failed to drop `{}`", call.target())
            })?;
        Ok(CallOutcome {
            func: "drop".into(),
            results: Vec::new(),
            result_types: Vec::new(),
            fuel_used: None,
        })
    }
}

/// An error in a call with `$N` expanded, pointed at the call as written.
fn pointed_back(err: anyhow::Error, expanded: Option<&Expanded>) -> anyhow::Error {
    let Some(expanded) = expanded else {
        return err;
    };
    match err.downcast::<InvocationError>() {
        Ok(invocation) => expanded.map_error(invocation).into(),
        Err(err) => err,
    }
}
