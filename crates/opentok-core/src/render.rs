//! Experience Composer (renders): start, get, list, stop; the render model.

use crate::operation::OperationInfo;

/// The operations this module defines, for the operations table.
pub(crate) const OPERATIONS: &[OperationInfo] = &[];
