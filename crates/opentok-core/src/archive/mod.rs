//! Archives (recordings): start, stop, get, list, delete, layout, stream selection, storage target; the archive model.

use crate::operation::OperationInfo;

/// The operations this module defines, for the operations table.
pub(crate) const OPERATIONS: &[OperationInfo] = &[];
