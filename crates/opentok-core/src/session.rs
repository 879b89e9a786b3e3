//! Sessions: the create-session call (form body; XML or JSON reply) and its models.

use crate::operation::OperationInfo;

/// The operations this module defines, for the operations table.
pub(crate) const OPERATIONS: &[OperationInfo] = &[];
