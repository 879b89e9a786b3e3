//! Live streaming broadcasts (HLS and RTMP): start, stop, get, list, layout, stream selection; the broadcast model.

use crate::operation::OperationInfo;

/// The operations this module defines, for the operations table.
pub(crate) const OPERATIONS: &[OperationInfo] = &[];
