//! Names bound by earlier calls of a sequence that is checked before anything runs: what
//! each will hold, and whether it may still be used.
//!
//! Before a call runs there are no handles, so `c = [constructor]counter(1)` binds `c` to
//! what the handle will be (a resource type: Wasmtime's for a component, wit-parser's for a
//! WIT world). Passing `c` to an `own` parameter moves it once the call is made; `drop(c)`
//! drops it; either way a later use is refused with the message a running session gives.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;

use crate::error::InvocationError;
use crate::invocation::{self, CallSyntax};

/// Whether a bound handle may still be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HandleState {
    Live,
    Moved,
    Dropped,
}

impl HandleState {
    /// Why the handle written `name` may not be used, unless it may.
    pub(crate) fn refusal(self, name: &str) -> Option<String> {
        match self {
            HandleState::Live => None,
            HandleState::Moved => Some(format!(
                "handle `{name}` was moved into an earlier call and can no longer be used"
            )),
            HandleState::Dropped => Some(format!("handle `{name}` was dropped")),
        }
    }
}

/// The message for a name no earlier call bound, with the nearest name that is bound.
pub(crate) fn unbound<'a>(name: &str, bound: impl Iterator<Item = &'a str>) -> String {
    let mut message = format!("no handle is bound to `{name}`");
    if let Some(near) = invocation::nearest(name, bound) {
        message.push_str(&format!("; did you mean `{near}`?"));
    }
    message
}

/// The names bound so far, each with what its handle will be (`R`) and its state.
pub(crate) struct BoundNames<R> {
    names: HashMap<String, (R, HandleState)>,
    /// Names passed to `own` parameters of the call being checked: moved once it is made.
    pending_moves: RefCell<Vec<String>>,
}

impl<R> Default for BoundNames<R> {
    fn default() -> Self {
        BoundNames {
            names: HashMap::new(),
            pending_moves: RefCell::new(Vec::new()),
        }
    }
}

impl<R> BoundNames<R> {
    /// Binds `name` to a live handle of `resource` (a later binding of the name wins).
    pub(crate) fn bind(&mut self, name: String, resource: R) {
        self.names.insert(name, (resource, HandleState::Live));
    }

    /// Whether an earlier call bound `name`, live or not.
    pub(crate) fn is_bound(&self, name: &str) -> bool {
        self.names.contains_key(name)
    }

    /// What the live handle `name` will be, or why `name` may not be used.
    pub(crate) fn find(&self, name: &str) -> Result<&R, String> {
        let Some((resource, state)) = self.names.get(name) else {
            return Err(unbound(name, self.names.keys().map(String::as_str)));
        };
        match state.refusal(name) {
            None => Ok(resource),
            Some(refusal) => Err(refusal),
        }
    }

    /// [`BoundNames::find`], as an error pointing at `span` of `call`.
    pub(crate) fn live(
        &self,
        name: &str,
        call: &CallSyntax,
        span: Range<usize>,
    ) -> Result<&R, InvocationError> {
        self.find(name)
            .map_err(|message| InvocationError::new(call.text, span, message))
    }

    /// `drop(c)` and `c.drop()`: `c` must be live, and is dropped from now on. A handle
    /// written by number (`counter(0)`) exists only in a session, which checks it there.
    pub(crate) fn drop(
        &mut self,
        call: &CallSyntax,
        written: &str,
        span: Range<usize>,
    ) -> Result<(), InvocationError> {
        if !self.names.contains_key(written) && written.contains('(') {
            return Ok(());
        }
        self.live(written, call, span)?;
        if let Some((_, state)) = self.names.get_mut(written) {
            *state = HandleState::Dropped;
        }
        Ok(())
    }

    /// Starts checking a call: no handle is moved by it yet.
    pub(crate) fn start_call(&mut self) {
        self.pending_moves.get_mut().clear();
    }

    /// `name` is passed to an `own` parameter of the call being checked.
    pub(crate) fn will_move(&self, name: &str) {
        self.pending_moves.borrow_mut().push(name.to_string());
    }

    /// The call checked is made: what it took ownership of is moved.
    pub(crate) fn commit_moves(&mut self) {
        for moved in self.pending_moves.get_mut().drain(..) {
            if let Some((_, state)) = self.names.get_mut(&moved) {
                *state = HandleState::Moved;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moved_and_dropped_names_are_refused_with_the_sessions_messages() {
        let call = crate::invocation::parse("drop(c)").unwrap();
        let mut names = BoundNames::default();
        names.bind("c".to_string(), 1);
        names.bind("d".to_string(), 2);
        assert_eq!(names.find("c"), Ok(&1));
        names.start_call();
        names.will_move("c");
        assert_eq!(names.find("c"), Ok(&1), "moved only once the call is made");
        names.commit_moves();
        assert!(names.find("c").unwrap_err().contains("was moved"));
        names.drop(&call, "d", 5..6).unwrap();
        assert_eq!(names.find("d").unwrap_err(), "handle `d` was dropped");
        assert!(names.drop(&call, "d", 5..6).is_err());
        assert!(
            names
                .find("e")
                .unwrap_err()
                .starts_with("no handle is bound to `e`")
        );
        names.drop(&call, "counter(0)", 5..15).unwrap();
    }
}
