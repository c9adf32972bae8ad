//! Admission: at most `max_concurrency` calls run at once, at most `max_queue` more wait
//! for a turn (first come, first served), and a request beyond both is turned away at once
//! (429 with `Retry-After`) rather than left to time out.
//!
//! Tower's `ConcurrencyLimit` waits without bound and its `LoadShed` refuses without
//! waiting at all; a bounded queue between the two, with gauges of both, is this file.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::metrics::Metrics;

pub(crate) struct Admission {
    slots: Arc<Semaphore>,
    queued: AtomicUsize,
    max_queue: usize,
}

/// A running call's slot: given back, and the in-flight gauge lowered, when dropped (the
/// blocking thread holds it until the guest is done, even if the client has gone).
pub(crate) struct Slot {
    _permit: OwnedSemaphorePermit,
    metrics: Arc<Metrics>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.metrics.in_flight.dec();
    }
}

/// Every slot and every queue place is taken.
pub(crate) struct Overloaded;

impl Admission {
    pub(crate) fn new(max_concurrency: usize, max_queue: usize) -> Admission {
        Admission {
            slots: Arc::new(Semaphore::new(max_concurrency)),
            queued: AtomicUsize::new(0),
            max_queue,
        }
    }

    /// A slot now, or after waiting in the queue, or `Overloaded` when the queue is full.
    pub(crate) async fn admit(&self, metrics: &Arc<Metrics>) -> Result<Slot, Overloaded> {
        let slot = |permit| {
            metrics.in_flight.inc();
            Slot {
                _permit: permit,
                metrics: metrics.clone(),
            }
        };
        if let Ok(permit) = self.slots.clone().try_acquire_owned() {
            return Ok(slot(permit));
        }
        if self.queued.fetch_add(1, Ordering::AcqRel) >= self.max_queue {
            self.queued.fetch_sub(1, Ordering::AcqRel);
            return Err(Overloaded);
        }
        metrics.queued.inc();
        let place = QueuePlace {
            admission: self,
            metrics,
        };
        let permit = self.slots.clone().acquire_owned().await;
        drop(place);
        // The semaphore is never closed.
        permit.map(slot).map_err(|_| Overloaded)
    }
}

/// A place in the queue, given back when the wait ends, or when the request is dropped
/// while waiting (its client went away).
struct QueuePlace<'a> {
    admission: &'a Admission,
    metrics: &'a Metrics,
}

impl Drop for QueuePlace<'_> {
    fn drop(&mut self) {
        self.admission.queued.fetch_sub(1, Ordering::AcqRel);
        self.metrics.queued.dec();
    }
}
