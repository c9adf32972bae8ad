//! Calls written against a WIT world, checked in order with nothing to run them:
//! `explain --wit PATH --invoke CALL…`.
//!
//! The call text, the names that reach a function and the messages are the ones a session
//! uses on a component (`invocation::parse`, the one resolver [`resolve_call`]); the
//! arguments are read against the WIT types by the ABI crate's [`wave::arguments`]. There
//! are no handles without an instance, so a name bound by an earlier call
//! (`c = [constructor]counter(1)`) stands for the resource its handle will belong to: methods
//! on it, handles passed by that name, moves into `own` parameters and drops are checked
//! against that.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;

use wasmtime::component::wit_parser::{
    Function, FunctionKind, Handle, Resolve, Type, TypeDefKind, TypeId, WorldId,
};

use crate::abi::Value;
use crate::abi::wave::{self, CallError, HandleBindings, WrittenHandle};
use crate::error::InvocationError;
use crate::exports::{Bindings, Callee, ResourceName, resolve_call};
use crate::invocation::{self, CallSyntax};
use crate::wit::{WitExport, world_exports};

/// The last call of a sequence, ready to explain.
pub struct CheckedCall {
    /// The function it calls.
    pub func: Function,
    /// Its arguments; handles are [`Value::Handle`].
    pub args: Vec<Value>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Live,
    Moved,
    Dropped,
}

/// What a name bound by an earlier call will hold: a handle to `resource`.
struct Bound {
    resource: TypeId,
    state: State,
}

/// Checks the calls in order against the exports of `world`; returns the last one.
pub fn check(resolve: &Resolve, world: WorldId, calls: &[String]) -> anyhow::Result<CheckedCall> {
    let mut checker = Checker {
        resolve,
        exports: world_exports(resolve, world),
        bound: HashMap::new(),
        moves: RefCell::new(Vec::new()),
    };
    let mut last = None;
    for text in calls {
        last = checker.check_call(text)?;
    }
    last.ok_or_else(|| {
        let text = calls.last().map_or("", String::as_str);
        let span = invocation::parse(text).map_or(0..text.len(), |c| c.target);
        let message = "`drop` is wavecall's own way to drop a handle, not a function to explain";
        anyhow::Error::new(InvocationError::new(text, span, message))
    })
}

struct Checker<'r> {
    resolve: &'r Resolve,
    exports: Vec<WitExport>,
    bound: HashMap<String, Bound>,
    /// Names passed to `own` parameters of the call being checked: moved once it is made.
    moves: RefCell<Vec<String>>,
}

impl Checker<'_> {
    fn check_call(&mut self, text: &str) -> Result<Option<CheckedCall>, InvocationError> {
        let call = invocation::parse(text)?;
        let (export, receiver) = match resolve_call(&self.exports, &call, &*self)? {
            Callee::Drop { handle, span } => return self.drop(&call, &handle, span).map(|()| None),
            Callee::Func { func, receiver } => (func, receiver.map(|_| Value::Handle)),
        };
        let func = export.func.clone();
        let name = qualified_name(export);
        let returns = func.result.as_ref().and_then(|ty| self.handle_of(ty));
        if let Some((binding, span)) = &call.binding
            && returns.is_none()
        {
            let what = match &func.result {
                None => "nothing".to_string(),
                Some(ty) => format!("a {}", wave::type_text(self.resolve, ty)),
            };
            let message = format!(
                "cannot bind `{binding}`: only a returned handle can be bound, and `{name}` returns {what}"
            );
            return Err(InvocationError::new(call.text, span.clone(), message));
        }
        self.moves.get_mut().clear();
        let nodes = call.arg_nodes()?;
        let written = (text, nodes.as_slice(), call.args_span.clone());
        let given = receiver.into_iter().collect();
        let args = wave::arguments(written, (self.resolve, &func, &name), given, &*self)
            .map_err(invocation_error)?;
        for moved in self.moves.get_mut().drain(..) {
            if let Some(bound) = self.bound.get_mut(&moved) {
                bound.state = State::Moved;
            }
        }
        if let (Some((binding, _)), Some(resource)) = (&call.binding, returns) {
            let state = State::Live;
            self.bound
                .insert(binding.clone(), Bound { resource, state });
        }
        Ok(Some(CheckedCall { func, args }))
    }

    /// `drop(c)` and `c.drop()`: `c` must be live, and is dropped from now on.
    fn drop(
        &mut self,
        call: &CallSyntax,
        written: &str,
        span: Range<usize>,
    ) -> Result<(), InvocationError> {
        if !self.bound.contains_key(written) && written.contains('(') {
            return Ok(()); // A numbered handle: only a session knows it.
        }
        self.live(written, call, span)?;
        if let Some(bound) = self.bound.get_mut(written) {
            bound.state = State::Dropped;
        }
        Ok(())
    }

    fn live(
        &self,
        name: &str,
        call: &CallSyntax,
        span: Range<usize>,
    ) -> Result<&Bound, InvocationError> {
        self.find(name)
            .map_err(|message| InvocationError::new(call.text, span, message))
    }

    /// The live binding `name`, or the session's message for why it is not one.
    fn find(&self, name: &str) -> Result<&Bound, String> {
        let Some(bound) = self.bound.get(name) else {
            let mut message = format!("no handle is bound to `{name}`");
            if let Some(near) = wave::nearest(name, self.bound.keys().map(String::as_str)) {
                message.push_str(&format!("; did you mean `{near}`?"));
            }
            return Err(message);
        };
        match bound.state {
            State::Live => Ok(bound),
            State::Moved => Err(format!(
                "handle `{name}` was moved into an earlier call and can no longer be used"
            )),
            State::Dropped => Err(format!("handle `{name}` was dropped")),
        }
    }

    /// The resource a returned handle belongs to, if `ty` is a handle.
    fn handle_of(&self, ty: &Type) -> Option<TypeId> {
        let mut ty = *ty;
        while let Type::Id(id) = ty {
            match &self.resolve.types[id].kind {
                TypeDefKind::Type(inner) => ty = *inner,
                TypeDefKind::Handle(Handle::Own(r) | Handle::Borrow(r)) => {
                    return Some(self.resource(*r));
                }
                _ => return None,
            }
        }
        None
    }

    /// The resource definition `id` names, aliases (`use`) resolved.
    fn resource(&self, mut id: TypeId) -> TypeId {
        while let TypeDefKind::Type(Type::Id(inner)) = self.resolve.types[id].kind {
            id = inner;
        }
        id
    }

    /// The resource as exported: the instance its functions are exported from, its name.
    fn exported(&self, resource: TypeId) -> Option<ResourceName<'_>> {
        let name = self.resolve.types[resource].name.as_deref()?;
        let export = self.exports.iter().find(|e| match e.func.kind {
            FunctionKind::Method(r)
            | FunctionKind::AsyncMethod(r)
            | FunctionKind::Static(r)
            | FunctionKind::AsyncStatic(r)
            | FunctionKind::Constructor(r) => self.resource(r) == resource,
            _ => false,
        })?;
        Some(ResourceName {
            instance_path: &export.instance_path,
            name,
        })
    }

    fn resource_name(&self, resource: TypeId) -> &str {
        self.resolve.types[resource]
            .name
            .as_deref()
            .unwrap_or("resource")
    }
}

/// A name bound by an earlier call stands for the resource its handle will belong to.
impl Bindings for Checker<'_> {
    type Handle = TypeId;

    fn is_bound(&self, name: &str) -> bool {
        self.bound.contains_key(name)
    }

    fn receiver(
        &self,
        name: &str,
        call: &CallSyntax,
        span: Range<usize>,
    ) -> Result<(TypeId, Option<ResourceName<'_>>), InvocationError> {
        let resource = self.live(name, call, span)?.resource;
        Ok((resource, self.exported(resource)))
    }
}

impl HandleBindings for Checker<'_> {
    fn check(
        &self,
        handle: WrittenHandle<'_>,
        resource: TypeId,
        owned: bool,
    ) -> Result<(), String> {
        // A handle written by number exists only in a session, which checks it there.
        let WrittenHandle::Binding(name) = handle else {
            return Ok(());
        };
        let bound = self.find(name)?;
        if bound.resource != resource {
            let has = self.resource_name(bound.resource);
            let wanted = self.resource_name(resource);
            return Err(format!(
                "`{name}` is a `{has}` handle, but a `{wanted}` handle is expected"
            ));
        }
        if owned {
            self.moves.borrow_mut().push(name.to_string());
        }
        Ok(())
    }
}

/// The instance path and the function name joined by `.`, as a session names the function.
fn qualified_name(export: &WitExport) -> String {
    let mut path = export.instance_path.clone();
    path.push(export.func.name.clone());
    path.join(".")
}

/// The ABI crate's call error as the command line renders it, with its caret.
pub(crate) fn invocation_error(err: CallError) -> InvocationError {
    let mut error = InvocationError::new(&err.call, err.span, err.message);
    error.hints = err.hints;
    error
}
