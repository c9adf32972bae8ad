//! Opt-in sessions: an instance that outlives a request, for stateful use (handles bound
//! by one call, used by the next). At most `max` are open; one idle for longer than the
//! TTL is closed. A session keeps the program it started on, through reloads.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::loaded::Served;
use crate::Session;
use crate::limits::{CapturedOutput, Limits};

/// One open session.
pub(crate) struct Open {
    pub(crate) id: String,
    pub(crate) served: Arc<Served>,
    /// One request at a time: another finds it busy rather than waiting.
    pub(crate) session: Mutex<Session<'static>>,
    pub(crate) output: CapturedOutput,
    /// The limits it started under, which its calls' limits layer over.
    pub(crate) limits: Limits,
    last_used: Mutex<Instant>,
}

pub(crate) struct Sessions {
    max: usize,
    ttl: Duration,
    open: Mutex<HashMap<String, Arc<Open>>>,
}

/// Why a session was not added.
pub(crate) enum Refused {
    /// As many sessions are open as allowed.
    Full,
    /// The operating system gave no random bytes for its id.
    NoRandomness(getrandom::Error),
}

impl Sessions {
    pub(crate) fn new(max: usize, ttl: Duration) -> Sessions {
        Sessions {
            max,
            ttl,
            open: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) fn ttl(&self) -> Duration {
        self.ttl
    }

    /// Whether a session may be opened now (checked before instantiating, and again when
    /// it is added).
    pub(crate) fn has_room(&self) -> bool {
        self.expire();
        lock(&self.open).len() < self.max
    }

    /// Adds a started session under a new id.
    pub(crate) fn add(
        &self,
        served: Arc<Served>,
        session: Session<'static>,
        output: CapturedOutput,
        limits: Limits,
    ) -> Result<Arc<Open>, Refused> {
        let id = new_id().map_err(Refused::NoRandomness)?;
        let mut open = lock(&self.open);
        if open.len() >= self.max {
            return Err(Refused::Full);
        }
        let entry = Arc::new(Open {
            id: id.clone(),
            served,
            session: Mutex::new(session),
            output,
            limits,
            last_used: Mutex::new(Instant::now()),
        });
        open.insert(id, entry.clone());
        Ok(entry)
    }

    /// The open session `id` of `component`, marked as used now; `None` if there is none
    /// or it has expired.
    pub(crate) fn get(&self, component: &str, id: &str) -> Option<Arc<Open>> {
        self.expire();
        let open = lock(&self.open);
        let entry = open.get(id).filter(|e| e.served.name == component)?;
        *lock(&entry.last_used) = Instant::now();
        Some(entry.clone())
    }

    /// Closes session `id` of `component`; whether there was one.
    pub(crate) fn remove(&self, component: &str, id: &str) -> bool {
        let mut open = lock(&self.open);
        match open.get(id) {
            Some(entry) if entry.served.name == component => open.remove(id).is_some(),
            _ => false,
        }
    }

    /// Closes the sessions idle for longer than the TTL; how many are open after.
    pub(crate) fn expire(&self) -> usize {
        let now = Instant::now();
        let mut open = lock(&self.open);
        open.retain(|_, entry| now.duration_since(*lock(&entry.last_used)) <= self.ttl);
        open.len()
    }

    pub(crate) fn count(&self) -> usize {
        lock(&self.open).len()
    }
}

impl Open {
    /// The session, unless another request is using it.
    pub(crate) fn try_session(&self) -> Option<MutexGuard<'_, Session<'static>>> {
        match self.session.try_lock() {
            Ok(session) => Some(session),
            // A call that panicked leaves the session as it was; it is still usable.
            Err(std::sync::TryLockError::Poisoned(poisoned)) => Some(poisoned.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) => None,
        }
    }

    /// Marks the session used now, at the end of a call (a long call does not count as
    /// idle time).
    pub(crate) fn touch(&self) {
        *lock(&self.last_used) = Instant::now();
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// 128 random bits from the operating system, in hex: an id that cannot be guessed, since
/// without a bearer token it is all that guards a session.
fn new_id() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}
