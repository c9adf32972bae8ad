//! Steps 4 and 5 of the pipeline: one instance and the calls made on it.
//!
//! A session instantiates a program once; every call after that runs on the same instance,
//! so state carries over and handles returned by one call can be passed to the next. After a
//! trap or an exhausted limit the instance is not used again.

mod check;
mod errors;
mod handles;

use std::ops::Range;
use std::time::Duration;

use anyhow::{Result, anyhow};
use wasmtime::Store;
use wasmtime::component::{Func, Instance, InstancePre, ResourceAny, Type, Val};

use crate::engine::EngineOptions;
use crate::error::{Classified, ClassifyExt, FailureClass, InvocationError};
use crate::exports::{Callee, ExportedFunc};
use crate::host::{self, HostOptions, HostState};
use crate::invocation::{self, CallSyntax};
use crate::program::Program;
use crate::render::{self, Format};
use handles::{Handles, Scope, SessionBindings};

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
}

/// Limits for one session in place of the program's engine options; a test runner sets them
/// per test. Each call (and instantiation) gets the full fuel and time again. The engine must
/// have been built with fuel (and a timeout) on for `fuel` (and `timeout`) to apply.
#[derive(Debug, Clone, Default)]
pub struct SessionLimits {
    /// Fuel for the calls that follow.
    pub fuel: Option<u64>,
    /// Largest size of any memory or table, in bytes (fixed when the session starts).
    pub max_memory: Option<u64>,
    /// Wall-clock time each call may take.
    pub timeout: Option<Duration>,
}

/// A program linked against a host once and instantiated any number of times: linking
/// (WASI, mocks, stubs) and type-checking imports happen here, not per instance.
pub struct Prepared<'p> {
    program: &'p Program,
    host: HostOptions,
    pre: InstancePre<HostState>,
}

impl<'p> Prepared<'p> {
    /// Links the program against what `host` grants and provides.
    pub fn new(program: &'p Program, host: &HostOptions) -> Result<Prepared<'p>> {
        let linker = host::linker(program, host)
            .classify(FailureClass::Load, || "failed to link imports".into())?;
        let pre = linker
            .instantiate_pre(&program.loaded.component)
            .map_err(|err| errors::link_error(program, host, err))?;
        Ok(Prepared {
            program,
            host: host.clone(),
            pre,
        })
    }

    /// A fresh instance under `limits`.
    pub fn instantiate(&self, limits: &SessionLimits) -> Result<Session<'p>> {
        let program = self.program;
        let options = EngineOptions {
            fuel: limits.fuel,
            timeout: limits.timeout,
            max_memory: limits.max_memory,
            ..program.options().clone()
        };
        let mut store = Store::new(program.engine(), HostState::new(&self.host, &options)?);
        crate::limits::install(&mut store, &options);
        let failed = |err: wasmtime::Error| {
            crate::limits::explain(err, &options).context(Classified::new(
                FailureClass::Call,
                format!("failed to instantiate `{}`", program.loaded.name),
            ))
        };
        crate::limits::arm(&mut store, &options).map_err(failed)?;
        let instance = self.pre.instantiate(&mut store).map_err(failed)?;
        // Each instance has resource types of its own; learn them by their export names.
        let resources = program
            .exports
            .resources()
            .iter()
            .filter_map(|r| {
                let ty = instance.get_resource(&mut store, r.index.as_ref()?)?;
                Some((ty, r.clone()))
            })
            .collect();
        Ok(Session {
            program,
            store,
            instance,
            handles: Handles::new(resources),
            broken: None,
            options,
        })
    }
}

/// A live instance of a program.
pub struct Session<'p> {
    program: &'p Program,
    store: Store<HostState>,
    instance: Instance,
    handles: Handles,
    /// Why the instance may not be used again.
    broken: Option<String>,
    /// The limits in force, for naming them in errors.
    options: EngineOptions,
}

/// A call whose target is resolved and whose arguments are converted, not yet made.
pub struct PreparedCall {
    /// The function the call names.
    pub func: ExportedFunc,
    /// The arguments, a method's `self` first.
    pub args: Vec<Val>,
}

impl<'p> Session<'p> {
    pub(crate) fn new(program: &'p Program, host: &HostOptions) -> Result<Session<'p>> {
        let options = program.options();
        let limits = SessionLimits {
            fuel: options.fuel,
            max_memory: options.max_memory,
            timeout: options.timeout,
        };
        Prepared::new(program, host)?.instantiate(&limits)
    }

    /// Changes the fuel and time each later call gets (memory limits stay as they were when
    /// the session started).
    pub fn set_limits(&mut self, limits: &SessionLimits) {
        self.options.fuel = limits.fuel;
        self.options.timeout = limits.timeout;
    }

    /// How many times each mock of [`HostOptions::mocks`] has been called, in order.
    pub fn mock_calls(&self) -> &[u64] {
        &self.store.data().mock_calls
    }

    /// Parses, resolves and runs one call such as `area(circle({radius: 1.0}))`.
    pub fn invoke(&mut self, text: &str) -> Result<CallOutcome> {
        let call = invocation::parse(text)?;
        let (func, receiver) = match self.target(&call)? {
            Callee::Func { func, receiver } => (func, receiver),
            Callee::Drop { handle, span } => return self.drop_handle(&call, &handle, span),
        };
        let args = self.arguments(&call, func, receiver)?;
        let outcome = self.call(func, &args)?;
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
    pub fn prepare(&mut self, text: &str) -> Result<PreparedCall> {
        let call = invocation::parse(text)?;
        match self.target(&call)? {
            Callee::Func { func, receiver } => {
                let args = self.arguments(&call, func, receiver)?;
                Ok(PreparedCall {
                    func: func.clone(),
                    args,
                })
            }
            Callee::Drop { .. } => Err(InvocationError::new(
                &call.text,
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
            program: self.program,
            handles: &self.handles,
        };
        if let Some((binding, span)) = &call.binding {
            errors::check_bindable(call, (binding, span.clone()), &name, &results, &scope)?;
        }
        let given = receiver.map(Val::Resource).into_iter().collect();
        Ok(invocation::arguments(call, &name, &params, given, &scope)?)
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
        crate::limits::arm(&mut self.store, &self.options)
            .map_err(anyhow::Error::from)
            .classify(FailureClass::Call, || format!("failed to call `{name}`"))?;
        if let Err(err) = f.call(&mut self.store, args, &mut results) {
            let err = crate::limits::explain(err, &self.options);
            self.broken = Some(format!("the failed call to `{name}`"));
            return Err(err).classify(FailureClass::Call, || format!("failed to call `{name}`"));
        }
        for value in &results {
            self.handles.register(value, self.program);
        }
        Ok(CallOutcome {
            func: name,
            results,
            result_types,
        })
    }

    /// Runs the `wasi:cli/run` export and returns the guest's exit status.
    pub fn run_command(&mut self) -> Result<i32> {
        let run = self.program.exports.funcs().iter().find(|f| {
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
                format!("cannot run `{}` as a command", self.program.loaded.name)
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

    /// Renders a call's results.
    pub fn render(&self, outcome: &CallOutcome, format: Format) -> String {
        let names = Scope {
            program: self.program,
            handles: &self.handles,
        };
        render::results(&outcome.results, format, &names)
    }

    /// Whether a trap or an exhausted limit has ended the instance: every later call fails.
    pub fn is_broken(&self) -> bool {
        self.broken.is_some()
    }

    /// The program this session runs.
    pub fn program(&self) -> &Program {
        self.program
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

    fn target(
        &self,
        call: &CallSyntax,
    ) -> Result<Callee<'p, ExportedFunc, ResourceAny>, InvocationError> {
        let program = self.program;
        program
            .exports
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
        })
    }
}
