//! SIP: dial out into a session, play DTMF; the SIP call model.

use crate::operation::OperationInfo;

/// The operations this module defines, for the operations table.
pub(crate) const OPERATIONS: &[OperationInfo] = &[];
