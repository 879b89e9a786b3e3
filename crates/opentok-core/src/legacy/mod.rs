//! The legacy v0.91 "hl" API: session create, archive manifest, download URL and delete, with their XML.

use crate::operation::OperationInfo;

/// The operations this module defines, for the operations table.
pub(crate) const OPERATIONS: &[OperationInfo] = &[];
