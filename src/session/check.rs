//! Checking a sequence of calls before the first one runs.
//!
//! `wavecall run --invoke A --invoke B --invoke C` must not run A and B when C has a typo.
//! Each call is parsed, its target resolved and its arguments converted against the
//! component's types exactly as a [`Session`](super::Session) would, through the same
//! functions. Handles do not exist before anything runs, so a name bound by an earlier call
//! (`c = [constructor]counter(1)`) stands for the resource type that call returns; methods
//! on it, handles passed by that name, moves into `own` parameters and drops are checked
//! against it. Handles written by number (`counter(0)`) are left to the session.

use std::ops::Range;

use anyhow::Result;
use wasmtime::Store;
use wasmtime::component::{Resource, ResourceAny, ResourceType, Type};

use super::{PreparedCall, errors};
use crate::error::InvocationError;
use crate::exports::{Bindings, BoundNames, Callee, NamedResource, ResourceName};
use crate::invocation::{self, CallSyntax, HandleRef, HandleScope, ResourceNames};
use crate::program::Program;

/// What a name bound by an earlier call will hold: a handle of this resource type.
struct Bound {
    ty: ResourceType,
    /// The exported resource of that type, whose methods `name.m(…)` reaches.
    resource: Option<NamedResource>,
}

/// Checks calls in order, carrying the names they bind from one call to the next.
pub struct CallChecker<'p> {
    program: &'p Program,
    bound: BoundNames<Bound>,
    /// Stands in for every handle: the converted arguments are thrown away, but conversion
    /// produces values, and a handle value needs a store.
    placeholder: ResourceAny,
    _store: Store<()>,
}

/// The host resource type of the placeholder handle.
struct Placeholder;

impl Program {
    /// A checker for a sequence of calls of this program, made before any runs (see
    /// [`CallChecker`]), with no names bound yet.
    pub fn checker(&self) -> Result<CallChecker<'_>> {
        CallChecker::new(self)
    }
}

impl<'p> CallChecker<'p> {
    /// A checker for calls of `program`, with no names bound yet.
    pub fn new(program: &'p Program) -> Result<CallChecker<'p>> {
        let mut store = Store::new(program.engine(), ());
        let placeholder =
            ResourceAny::try_from_resource(Resource::<Placeholder>::new_own(0), &mut store)?;
        Ok(CallChecker {
            program,
            bound: BoundNames::default(),
            placeholder,
            _store: store,
        })
    }

    /// Checks the next call of the sequence, and records what it binds, moves or drops.
    /// Returns the function it names and its arguments (handles in them are placeholders),
    /// or nothing for wavecall's own `drop`.
    pub fn check(&mut self, text: &str) -> Result<Option<PreparedCall>> {
        let call = invocation::parse(text)?;
        let program = self.program;
        let (func, receiver) = match program
            .exports()
            .resolve_call(&call, &StaticBindings(self))?
        {
            Callee::Drop { handle, span } => {
                self.bound.drop(&call, &handle, span)?;
                return Ok(None);
            }
            Callee::Func { func, receiver } => (func, receiver),
        };
        let name = func.qualified_name();
        let results = func.results();
        self.bound.start_call();
        if let Some((binding, span)) = &call.binding {
            errors::check_bindable(&call, (binding, span.clone()), &name, &results, self)?;
        }
        let given = receiver.map(wasmtime::component::Val::Resource);
        let given = given.into_iter().collect();
        let args = invocation::arguments(&call, &name, &func.params(), given, self)?;
        self.bound.commit_moves();
        if let (Some((binding, _)), [Type::Own(ty) | Type::Borrow(ty)]) =
            (&call.binding, results.as_slice())
        {
            let bound = Bound {
                ty: *ty,
                resource: program.exports().exported_resource(ty).cloned(),
            };
            self.bound.bind(binding.clone(), bound);
        }
        Ok(Some(PreparedCall {
            func: func.clone(),
            args,
        }))
    }
}

/// The checker's bindings, for resolving `c.m(…)`.
struct StaticBindings<'c, 'p>(&'c CallChecker<'p>);

impl Bindings for StaticBindings<'_, '_> {
    type Handle = ResourceAny;

    fn is_bound(&self, name: &str) -> bool {
        self.0.bound.is_bound(name)
    }

    fn receiver(
        &self,
        name: &str,
        call: &CallSyntax,
        span: Range<usize>,
    ) -> Result<(ResourceAny, Option<ResourceName<'_>>), InvocationError> {
        let bound = self.0.bound.live(name, call, span)?;
        Ok((
            self.0.placeholder,
            bound.resource.as_ref().map(NamedResource::path),
        ))
    }
}

impl ResourceNames for CallChecker<'_> {
    fn resource_name(&self, ty: &ResourceType) -> Option<&str> {
        self.program.exports().resource_name(ty)
    }

    fn type_name(&self, ty: &Type) -> Option<&str> {
        self.program.type_names().name(ty)
    }
}

impl HandleScope for CallChecker<'_> {
    fn lookup(
        &self,
        reference: HandleRef<'_>,
        expected: &ResourceType,
        owned: bool,
    ) -> Result<ResourceAny, String> {
        let HandleRef::Binding(name) = reference else {
            return Ok(self.placeholder);
        };
        let bound = self.bound.find(name)?;
        if bound.ty != *expected {
            let has = self.resource_name(&bound.ty).unwrap_or("resource");
            let wanted = self.resource_name(expected).unwrap_or("resource");
            return Err(format!(
                "`{name}` is a `{has}` handle, but a `{wanted}` handle is expected"
            ));
        }
        if owned {
            self.bound.will_move(name);
        }
        Ok(self.placeholder)
    }
}
