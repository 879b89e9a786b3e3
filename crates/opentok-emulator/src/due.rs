//! Due-time queues: the records a timed lifecycle acts on, by the time they fall due, so a
//! tick looks only at what is due instead of at every record.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Record indices by the time (Unix ms) they fall due. An entry is a reminder, not a
/// promise: the tick checks the record is still in the state the entry was made for.
#[derive(Debug, Default)]
pub(crate) struct DueQueue {
    heap: BinaryHeap<Reverse<(u64, usize)>>,
}

impl DueQueue {
    /// Reminds of record `i` at `at` (Unix ms).
    pub(crate) fn schedule(&mut self, at: u64, i: usize) {
        self.heap.push(Reverse((at, i)));
    }

    /// Takes the records due at `now` (Unix ms: `at <= now`), in index order (the order a
    /// scan of the records would act in).
    pub(crate) fn take_due(&mut self, now: u64) -> Vec<usize> {
        let mut due = Vec::new();
        while let Some(&Reverse((at, i))) = self.heap.peek() {
            if at > now {
                break;
            }
            self.heap.pop();
            due.push(i);
        }
        due.sort_unstable();
        due
    }
}

#[cfg(test)]
mod tests {
    use super::DueQueue;

    #[test]
    fn records_come_out_once_when_due_in_index_order() {
        let mut q = DueQueue::default();
        q.schedule(300, 0);
        q.schedule(100, 2);
        q.schedule(200, 1);
        q.schedule(100, 3);
        assert!(q.take_due(99).is_empty());
        assert_eq!(q.take_due(100), vec![2, 3]);
        assert!(q.take_due(100).is_empty());
        assert_eq!(q.take_due(1_000), vec![0, 1]);
        assert!(q.take_due(u64::MAX).is_empty());
    }
}
