//! Steps 4 and 5 of the pipeline: one instance and the calls made on it.
//!
//! A session instantiates a program once; every call after that runs on the same instance,
//! so state carries over and handles returned by one call can be passed to the next. After a
//! trap or an exhausted limit the instance is not used again.

use std::cell::RefCell;
use std::collections::HashMap;

use anyhow::{Result, anyhow};
use wasmtime::Store;
use wasmtime::component::{Instance, ResourceAny, ResourceType, Type, Val};

use crate::error::{ClassifyExt, FailureClass, InvocationError};
use crate::exports::{ExportNotFound, ExportedFunc};
use crate::host::{self, HostOptions, HostState};
use crate::invocation::{self, CallSyntax, HandleRef, HandleScope, ResourceNames};
use crate::program::Program;
use crate::render::{self, Format, HandleNames};

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

/// A live instance of a program.
pub struct Session<'p> {
    program: &'p Program,
    store: Store<HostState>,
    instance: Instance,
    handles: Handles,
    /// Why the instance may not be used again.
    broken: Option<String>,
}

impl<'p> Session<'p> {
    pub(crate) fn new(program: &'p Program, host: &HostOptions) -> Result<Session<'p>> {
        let engine = program.engine();
        let mut store = Store::new(engine, HostState::new(host, program.options())?);
        store.limiter(|state| &mut state.limits);
        if let Some(fuel) = program.options().fuel {
            store.set_fuel(fuel)?;
        }
        if let Some(timeout) = program.options().timeout {
            store.set_epoch_deadline(1);
            crate::limits::start_epoch_timer(engine, timeout);
        }
        let component = &program.loaded.component;
        let linker = host::linker(engine, component, host)
            .classify(FailureClass::Load, || "failed to link WASI".into())?;
        let instance = match linker.instantiate_pre(component) {
            Ok(pre) => pre.instantiate(&mut store).map_err(|e| {
                crate::limits::explain(e, program.options()).context(crate::error::Classified::new(
                    FailureClass::Call,
                    format!("failed to instantiate `{}`", program.loaded.name),
                ))
            })?,
            Err(err) => return Err(link_error(program, err)),
        };
        Ok(Session {
            program,
            store,
            instance,
            handles: Handles::default(),
            broken: None,
        })
    }

    /// Parses, resolves and runs one call such as `area(circle({radius: 1.0}))`.
    pub fn invoke(&mut self, text: &str) -> Result<CallOutcome> {
        let call = invocation::parse(text)?;
        let (func, receiver) = match self.target(&call)? {
            Target::Func(func, receiver) => (func, receiver),
            Target::Drop => return self.drop_handle(&call),
        };
        let scope = Scope {
            program: self.program,
            handles: &self.handles,
        };
        let name = func.qualified_name();
        if let Some((binding, span)) = &call.binding {
            check_bindable(&call, binding, span.clone(), &func, &scope)?;
        }
        let args = invocation::arguments(&call, &name, &func.params(), receiver, &scope)?;
        let outcome = self.call(&func, &args)?;
        if let Some((binding, _)) = &call.binding {
            if let [Val::Resource(handle)] = outcome.results.as_slice() {
                let number = self.handles.number_of(handle);
                self.handles.bindings.insert(binding.clone(), number);
            }
        }
        Ok(outcome)
    }

    /// Calls a function with typed arguments.
    pub fn call(&mut self, func: &ExportedFunc, args: &[Val]) -> Result<CallOutcome> {
        let name = func.qualified_name();
        if let Some(reason) = &self.broken {
            return Err(anyhow!("the instance cannot be used again after {reason}"))
                .classify(FailureClass::Call, || format!("failed to call `{name}`"));
        }
        let f = self
            .instance
            .get_func(&mut self.store, &func.index)
            .ok_or_else(|| anyhow!("`{name}` is not a function of this instance"))?;
        let result_types = func.results();
        let mut results = vec![Val::Bool(false); result_types.len()];
        self.handles.commit_moves();
        if let Err(err) = f.call(&mut self.store, args, &mut results) {
            let err = crate::limits::explain(err, self.program.options());
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
        let Some(func) = self
            .program
            .exports
            .funcs()
            .iter()
            .find(|f| {
                f.name == "run"
                    && f.instance_path
                        .last()
                        .is_some_and(|i| i.starts_with("wasi:cli/run@"))
            })
            .cloned()
        else {
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
            Err(err) => match err
                .chain()
                .find_map(|c| c.downcast_ref::<wasmtime_wasi::I32Exit>())
            {
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

    /// The program this session runs.
    pub fn program(&self) -> &Program {
        self.program
    }

    fn target(&self, call: &CallSyntax) -> Result<Target, InvocationError> {
        let text = call.target();
        // `c.m(…)` on a bound handle calls the method `m` of its resource.
        if let Some((receiver, method)) = text.split_once('.') {
            if let Some(number) = self.handles.bindings.get(receiver) {
                let entry = &self.handles.entries[*number];
                let resource = entry.handle.ty();
                let func = self.program.exports.methods_of(&resource, method).next();
                return match func {
                    Some(func) => Ok(Target::Func(
                        func.clone(),
                        vec![Val::Resource(self.handles.live(
                            receiver,
                            call,
                            0..receiver.len(),
                        )?)],
                    )),
                    None if method == "drop" => Ok(Target::Drop),
                    None => {
                        let start = call.target.start + receiver.len() + 1;
                        Err(InvocationError::new(
                            &call.text,
                            start..call.target.end,
                            format!("resource `{}` has no method `{method}`", entry.resource),
                        ))
                    }
                };
            }
        }
        match self.program.exports.resolve(text) {
            Ok(func) => Ok(Target::Func(func.clone(), Vec::new())),
            Err(ExportNotFound::Unknown { .. }) if text == "drop" => Ok(Target::Drop),
            Err(err) => Err(not_found(call, err)),
        }
    }

    fn drop_handle(&mut self, call: &CallSyntax) -> Result<CallOutcome> {
        let text = call.target();
        let (number, span) = match text.strip_suffix(".drop") {
            Some(receiver) => (
                self.handles.live_number(
                    receiver,
                    call,
                    call.target.start..call.target.start + receiver.len(),
                )?,
                call.target.clone(),
            ),
            None => {
                let nodes = call.arg_nodes();
                let [node] = nodes.as_slice() else {
                    return Err(InvocationError::new(
                        &call.text,
                        call.args_span.clone(),
                        "`drop` takes one handle",
                    )
                    .into());
                };
                let name = &call.text[node.span()];
                (
                    self.handles.live_number(name, call, node.span())?,
                    node.span(),
                )
            }
        };
        let entry = &mut self.handles.entries[number];
        entry.state = HandleState::Dropped;
        let handle = entry.handle;
        let _ = span;
        handle
            .resource_drop(&mut self.store)
            .map_err(anyhow::Error::from)
            .classify(FailureClass::Call, || format!("failed to drop `{text}`"))?;
        Ok(CallOutcome {
            func: "drop".into(),
            results: Vec::new(),
            result_types: Vec::new(),
        })
    }
}

enum Target {
    Func(ExportedFunc, Vec<Val>),
    Drop,
}

fn check_bindable(
    call: &CallSyntax,
    binding: &str,
    span: std::ops::Range<usize>,
    func: &ExportedFunc,
    scope: &Scope<'_>,
) -> Result<(), InvocationError> {
    match func.results().as_slice() {
        [Type::Own(_) | Type::Borrow(_)] => Ok(()),
        other => {
            let what = match other {
                [] => "nothing".to_string(),
                [ty] => format!("a {}", invocation::describe_type(ty, scope)),
                _ => "several values".to_string(),
            };
            Err(InvocationError::new(
                &call.text,
                span,
                format!(
                    "cannot bind `{binding}`: only a returned handle can be bound, and `{}` returns {what}",
                    func.qualified_name()
                ),
            ))
        }
    }
}

fn not_found(call: &CallSyntax, err: ExportNotFound) -> InvocationError {
    let mut error = InvocationError::new(&call.text, call.target.clone(), err.to_string());
    match err {
        ExportNotFound::Unknown { suggestions, .. } => {
            if let Some(first) = suggestions.first() {
                error = error.hint(format!("did you mean `{first}`?"));
            }
            error = error
                .hint("`wavecall wit COMPONENT` lists every function and the name to call it by");
        }
        ExportNotFound::Ambiguous { candidates, .. } => {
            let list: Vec<String> = candidates.iter().map(|c| format!("  {c}")).collect();
            error = error.hint(format!(
                "it matches {} functions; name one of them in full:\n{}",
                candidates.len(),
                list.join("\n")
            ));
        }
    }
    error
}

fn link_error(program: &Program, err: wasmtime::Error) -> anyhow::Error {
    let err = anyhow::Error::from(err);
    let missing =
        host::missing_imports(program.engine(), &program.loaded.component).unwrap_or_default();
    let err = if missing.is_empty() {
        err
    } else {
        let list: Vec<String> = missing.iter().map(|m| format!("  {m}")).collect();
        anyhow!(
            "the component imports {} item(s) the host does not provide:\n{}",
            missing.len(),
            list.join("\n")
        )
        .context(err)
    };
    err.context(crate::error::Classified::new(
        FailureClass::Load,
        format!("failed to instantiate `{}`", program.loaded.name),
    ))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HandleState {
    Live,
    Moved,
    Dropped,
}

struct HandleEntry {
    handle: ResourceAny,
    resource: String,
    state: HandleState,
}

/// Every handle the session has seen, numbered in order, and the names bound to them.
#[derive(Default)]
struct Handles {
    entries: Vec<HandleEntry>,
    bindings: HashMap<String, usize>,
    /// Own handles passed to the call being prepared: moved once it runs.
    pending_moves: RefCell<Vec<usize>>,
}

impl Handles {
    fn register(&mut self, value: &Val, program: &Program) {
        match value {
            Val::Resource(handle) => {
                if !self.entries.iter().any(|e| e.handle == *handle) {
                    let resource = program
                        .exports
                        .resource_name(&handle.ty())
                        .unwrap_or("resource")
                        .to_string();
                    self.entries.push(HandleEntry {
                        handle: *handle,
                        resource,
                        state: HandleState::Live,
                    });
                }
            }
            Val::List(items) | Val::Tuple(items) | Val::FixedLengthList(items) => {
                items.iter().for_each(|v| self.register(v, program))
            }
            Val::Record(fields) => fields.iter().for_each(|(_, v)| self.register(v, program)),
            Val::Variant(_, Some(v)) | Val::Option(Some(v)) => self.register(v, program),
            Val::Result(Ok(Some(v)) | Err(Some(v))) => self.register(v, program),
            Val::Map(entries) => entries.iter().for_each(|(k, v)| {
                self.register(k, program);
                self.register(v, program);
            }),
            _ => {}
        }
    }

    fn number_of(&self, handle: &ResourceAny) -> usize {
        self.entries
            .iter()
            .position(|e| e.handle == *handle)
            .unwrap_or(usize::MAX)
    }

    fn commit_moves(&mut self) {
        for number in self.pending_moves.get_mut().drain(..) {
            if let Some(entry) = self.entries.get_mut(number) {
                entry.state = HandleState::Moved;
            }
        }
    }

    fn state_error(&self, number: usize, name: &str) -> Option<String> {
        match self.entries[number].state {
            HandleState::Live => None,
            HandleState::Moved => Some(format!(
                "handle `{name}` was moved into an earlier call and can no longer be used"
            )),
            HandleState::Dropped => Some(format!("handle `{name}` was dropped")),
        }
    }

    fn live_number(
        &self,
        name: &str,
        call: &CallSyntax,
        span: std::ops::Range<usize>,
    ) -> Result<usize, InvocationError> {
        let number = self
            .find(HandleRef::Binding(name))
            .or_else(|err| parse_numbered(name).map_or(Err(err), |r| self.find(r)));
        let number = number.map_err(|_| {
            InvocationError::new(
                &call.text,
                span.clone(),
                format!("no handle is bound to `{name}`"),
            )
        })?;
        match self.state_error(number, name) {
            Some(message) => Err(InvocationError::new(&call.text, span, message)),
            None => Ok(number),
        }
    }

    fn live(
        &self,
        name: &str,
        call: &CallSyntax,
        span: std::ops::Range<usize>,
    ) -> Result<ResourceAny, InvocationError> {
        let span = call.target.start + span.start..call.target.start + span.end;
        let number = self.live_number(name, call, span)?;
        Ok(self.entries[number].handle)
    }

    fn find(&self, reference: HandleRef<'_>) -> Result<usize, String> {
        match reference {
            HandleRef::Binding(name) => self.bindings.get(name).copied().ok_or_else(|| {
                let mut message = format!("no handle is bound to `{name}`");
                if let Some(near) =
                    invocation::nearest(name, self.bindings.keys().map(String::as_str))
                {
                    message.push_str(&format!("; did you mean `{near}`?"));
                }
                message
            }),
            HandleRef::Numbered { resource, number } => {
                let found = usize::try_from(number)
                    .ok()
                    .filter(|n| self.entries.get(*n).is_some_and(|e| e.resource == resource));
                found.ok_or_else(|| {
                    format!("no `{resource}` handle numbered {number} was returned in this session")
                })
            }
        }
    }
}

fn parse_numbered(text: &str) -> Option<HandleRef<'_>> {
    let (resource, rest) = text.split_once('(')?;
    let number = rest.strip_suffix(')')?.trim().parse().ok()?;
    Some(HandleRef::Numbered { resource, number })
}

/// The view of a session that converters and renderers need.
struct Scope<'a> {
    program: &'a Program,
    handles: &'a Handles,
}

impl ResourceNames for Scope<'_> {
    fn resource_name(&self, ty: &ResourceType) -> Option<&str> {
        self.program.exports.resource_name(ty)
    }

    fn type_name(&self, ty: &Type) -> Option<&str> {
        self.program.type_names().name(ty)
    }
}

impl HandleScope for Scope<'_> {
    fn lookup(
        &self,
        reference: HandleRef<'_>,
        expected: &ResourceType,
        owned: bool,
    ) -> Result<ResourceAny, String> {
        let number = self.handles.find(reference)?;
        let name = match reference {
            HandleRef::Binding(name) => name.to_string(),
            HandleRef::Numbered { resource, number } => format!("{resource}({number})"),
        };
        if let Some(message) = self.handles.state_error(number, &name) {
            return Err(message);
        }
        let entry = &self.handles.entries[number];
        if entry.handle.ty() != *expected {
            let wanted = self.resource_name(expected).unwrap_or("resource");
            return Err(format!(
                "`{name}` is a `{}` handle, but a `{wanted}` handle is expected",
                entry.resource
            ));
        }
        if owned {
            self.handles.pending_moves.borrow_mut().push(number);
        }
        Ok(entry.handle)
    }
}

impl HandleNames for Scope<'_> {
    fn handle_name(&self, handle: &ResourceAny) -> String {
        match self
            .handles
            .entries
            .iter()
            .position(|e| e.handle == *handle)
        {
            Some(number) => format!("{}({number})", self.handles.entries[number].resource),
            None => "resource(?)".to_string(),
        }
    }
}
