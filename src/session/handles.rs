//! The handles a session has seen: numbered in order, bound to names, moved and dropped.
//!
//! Resource types belong to an instance: the `counter` of one instance is not the `counter`
//! of the uninstantiated component, so the session learns its instance's resource types
//! after instantiation and names handles by them.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;

use wasmtime::component::{ResourceAny, ResourceType, Type, Val};

use crate::error::InvocationError;
use crate::exports::{Bindings, HandleState, NamedResource, ResourceName, unbound};
use crate::invocation::{CallSyntax, HandleRef, HandleScope, ResourceNames};
use crate::program::Program;
use crate::render::HandleNames;

struct HandleEntry {
    handle: ResourceAny,
    resource: String,
    state: HandleState,
}

/// Every handle the session has seen, and the names bound to them.
#[derive(Default)]
pub(super) struct Handles {
    entries: Vec<HandleEntry>,
    bindings: HashMap<String, usize>,
    /// The instance's own resource types, with what the export index knows of them.
    resources: Vec<(ResourceType, NamedResource)>,
    /// Own handles passed to the call being prepared: moved once it runs.
    pending_moves: RefCell<Vec<usize>>,
}

impl Handles {
    pub(super) fn new(resources: Vec<(ResourceType, NamedResource)>) -> Handles {
        Handles {
            resources,
            ..Handles::default()
        }
    }

    /// The exported resource a handle belongs to.
    pub(super) fn resource_of(&self, handle: &ResourceAny) -> Option<&NamedResource> {
        let ty = handle.ty();
        self.resources
            .iter()
            .find(|(t, _)| *t == ty)
            .map(|(_, named)| named)
    }

    fn name_of_type<'a>(&'a self, ty: &ResourceType, program: &'a Program) -> Option<&'a str> {
        self.resources
            .iter()
            .find(|(t, _)| t == ty)
            .map(|(_, named)| named.name.as_str())
            .or_else(|| program.exports().resource_name(ty))
    }

    /// Numbers every handle in `value` that the session has not seen yet.
    pub(super) fn register(&mut self, value: &Val, program: &Program) {
        match value {
            Val::Resource(handle) if !self.entries.iter().any(|e| e.handle == *handle) => {
                let resource = self
                    .name_of_type(&handle.ty(), program)
                    .unwrap_or("resource")
                    .to_string();
                self.entries.push(HandleEntry {
                    handle: *handle,
                    resource,
                    state: HandleState::Live,
                });
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

    /// Binds `name` to a handle the session has registered.
    pub(super) fn bind(&mut self, name: &str, handle: &ResourceAny) {
        if let Some(number) = self.entries.iter().position(|e| e.handle == *handle) {
            self.bindings.insert(name.to_string(), number);
        }
    }

    /// The names bound to live handles, with the exported resource of each, sorted.
    pub(super) fn live_bindings(&self) -> Vec<(String, Option<NamedResource>)> {
        let mut out: Vec<(String, Option<NamedResource>)> = self
            .bindings
            .iter()
            .filter(|(_, n)| self.entries[**n].state == HandleState::Live)
            .map(|(name, n)| {
                (
                    name.clone(),
                    self.resource_of(&self.entries[*n].handle).cloned(),
                )
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// Whether `name` is bound.
    pub(super) fn is_bound(&self, name: &str) -> bool {
        self.bindings.contains_key(name)
    }

    /// Forgets the moves recorded while preparing a call that was not made.
    pub(super) fn clear_pending(&mut self) {
        self.pending_moves.get_mut().clear();
    }

    /// Marks the own handles passed to the call about to run as moved.
    pub(super) fn commit_moves(&mut self) {
        for number in self.pending_moves.get_mut().drain(..) {
            if let Some(entry) = self.entries.get_mut(number) {
                entry.state = HandleState::Moved;
            }
        }
    }

    /// Marks a handle dropped and returns it.
    pub(super) fn drop_live(
        &mut self,
        written: &str,
        call: &CallSyntax,
        span: Range<usize>,
    ) -> Result<ResourceAny, InvocationError> {
        let number = self.live_number(written, call, span)?;
        self.entries[number].state = HandleState::Dropped;
        Ok(self.entries[number].handle)
    }

    /// The live handle written as `written` (a binding or `r(N)`) at `span` of the call.
    pub(super) fn live(
        &self,
        written: &str,
        call: &CallSyntax,
        span: Range<usize>,
    ) -> Result<ResourceAny, InvocationError> {
        let number = self.live_number(written, call, span)?;
        Ok(self.entries[number].handle)
    }

    fn live_number(
        &self,
        written: &str,
        call: &CallSyntax,
        span: Range<usize>,
    ) -> Result<usize, InvocationError> {
        let number = self
            .find(HandleRef::Binding(written))
            .or_else(|err| parse_numbered(written).map_or(Err(err), |r| self.find(r)))
            .map_err(|message| InvocationError::new(call.text, span.clone(), message))?;
        match self.state_error(number, written) {
            Some(message) => Err(InvocationError::new(call.text, span, message)),
            None => Ok(number),
        }
    }

    fn state_error(&self, number: usize, name: &str) -> Option<String> {
        self.entries[number].state.refusal(name)
    }

    fn find(&self, reference: HandleRef<'_>) -> Result<usize, String> {
        match reference {
            HandleRef::Binding(name) => self
                .bindings
                .get(name)
                .copied()
                .ok_or_else(|| unbound(name, self.bindings.keys().map(String::as_str))),
            HandleRef::Numbered { resource, number } => usize::try_from(number)
                .ok()
                .filter(|n| self.entries.get(*n).is_some_and(|e| e.resource == resource))
                .ok_or_else(|| {
                    format!("no `{resource}` handle numbered {number} was returned in this session")
                }),
        }
    }
}

/// `counter(3)` as written outside WAVE (a method receiver or `drop` argument).
fn parse_numbered(text: &str) -> Option<HandleRef<'_>> {
    let (resource, rest) = text.split_once('(')?;
    let number = rest.strip_suffix(')')?.trim().parse().ok()?;
    Some(HandleRef::Numbered { resource, number })
}

/// The view of a session that argument conversion and rendering need.
pub(super) struct Scope<'a> {
    pub(super) program: &'a Program,
    pub(super) handles: &'a Handles,
}

impl ResourceNames for Scope<'_> {
    fn resource_name(&self, ty: &ResourceType) -> Option<&str> {
        self.handles.name_of_type(ty, self.program)
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
        let handles = self.handles;
        let number = handles.find(reference)?;
        let name = match reference {
            HandleRef::Binding(name) => name.to_string(),
            HandleRef::Numbered { resource, number } => format!("{resource}({number})"),
        };
        if let Some(message) = handles.state_error(number, &name) {
            return Err(message);
        }
        let entry = &handles.entries[number];
        if entry.handle.ty() != *expected {
            let wanted = self.resource_name(expected).unwrap_or("resource");
            return Err(format!(
                "`{name}` is a `{}` handle, but a `{wanted}` handle is expected",
                entry.resource
            ));
        }
        if owned {
            handles.pending_moves.borrow_mut().push(number);
        }
        Ok(entry.handle)
    }
}

impl HandleNames for Scope<'_> {
    fn handle_name(&self, handle: &ResourceAny) -> String {
        let entries = &self.handles.entries;
        match entries.iter().position(|e| e.handle == *handle) {
            Some(number) => format!("{}({number})", entries[number].resource),
            None => "resource(?)".to_string(),
        }
    }
}

/// A session's handles, for resolving `c.m(…)`.
pub(super) struct SessionBindings<'a>(pub(super) &'a Handles);

impl Bindings for SessionBindings<'_> {
    type Handle = ResourceAny;

    fn is_bound(&self, name: &str) -> bool {
        self.0.is_bound(name)
    }

    fn receiver(
        &self,
        name: &str,
        call: &CallSyntax,
        span: Range<usize>,
    ) -> Result<(ResourceAny, Option<ResourceName<'_>>), InvocationError> {
        let handle = self.0.live(name, call, span)?;
        Ok((handle, self.0.resource_of(&handle).map(NamedResource::path)))
    }
}
