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

use std::ops::Range;

use wasmtime::component::wit_parser::{
    Function, FunctionKind, Handle, Resolve, Type, TypeDefKind, TypeId, WorldId,
};

use crate::abi::Value;
use crate::abi::wave::{self, CallError, HandleBindings, WrittenHandle};
use crate::error::InvocationError;
use crate::exports::{Bindings, BoundNames, Callee, ResourceName, resolve_call};
use crate::invocation::{self, CallSyntax};
use crate::wit::{WitExport, world_exports};

/// The last call of a sequence, ready to explain.
pub struct CheckedCall {
    /// The function it calls.
    pub func: Function,
    /// Its arguments; handles are [`Value::Handle`].
    pub args: Vec<Value>,
}

/// Checks the calls in order against the exports of `world`; returns the last one.
pub fn check(resolve: &Resolve, world: WorldId, calls: &[String]) -> anyhow::Result<CheckedCall> {
    let mut checker = Checker {
        resolve,
        exports: world_exports(resolve, world),
        bound: BoundNames::default(),
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
    /// What each name bound by an earlier call will hold: a handle of this resource.
    bound: BoundNames<TypeId>,
}

impl Checker<'_> {
    fn check_call(&mut self, text: &str) -> Result<Option<CheckedCall>, InvocationError> {
        let call = invocation::parse(text)?;
        let (export, receiver) = match resolve_call(&self.exports, &call, &*self)? {
            Callee::Drop { handle, span } => {
                return self.bound.drop(&call, &handle, span).map(|()| None);
            }
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
        self.bound.start_call();
        let nodes = call.arg_nodes()?;
        let written = (text, nodes.as_slice(), call.args_span.clone());
        let given = receiver.into_iter().collect();
        let args = wave::arguments(written, (self.resolve, &func, &name), given, &*self)
            .map_err(invocation_error)?;
        self.bound.commit_moves();
        if let (Some((binding, _)), Some(resource)) = (&call.binding, returns) {
            self.bound.bind(binding.clone(), resource);
        }
        Ok(Some(CheckedCall { func, args }))
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
        self.bound.is_bound(name)
    }

    fn receiver(
        &self,
        name: &str,
        call: &CallSyntax,
        span: Range<usize>,
    ) -> Result<(TypeId, Option<ResourceName<'_>>), InvocationError> {
        let resource = *self.bound.live(name, call, span)?;
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
        let bound = *self.bound.find(name)?;
        if bound != resource {
            let has = self.resource_name(bound);
            let wanted = self.resource_name(resource);
            return Err(format!(
                "`{name}` is a `{has}` handle, but a `{wanted}` handle is expected"
            ));
        }
        if owned {
            self.bound.will_move(name);
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
    err.into()
}
