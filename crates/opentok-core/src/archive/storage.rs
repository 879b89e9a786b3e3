//! The project's archive upload target (endpoint 19): `PUT /v2/project/{apiKey}/archive/storage`
//! with `{"type": "s3"|"azure", "config": {…}, "fallback": "none"|"opentok"}`, and `DELETE`
//! on the same path to remove it.
//!
//! The keys in the config are [`SecretString`]s: they are sent in the body but never shown by
//! `Debug`.

use http::Response;
use serde::Serialize;

use super::SecretString;
use crate::error::{ResponseError, Rule, ValidationError};
use crate::operation::{
    Operation, OperationInfo, RequestContext, parse_empty, setters, with_json, without_body,
};
use crate::serde_util::string_enum;
use crate::transport::HttpRequest;

string_enum! {
    /// Server-side encryption for an S3 target (`config.sse`).
    pub enum S3Encryption {
        /// Amazon S3-managed keys.
        S3 => "s3",
        /// No server-side encryption.
        Disabled => "none",
    }
}

string_enum! {
    /// What happens to an archive whose upload fails (`fallback`).
    pub enum StorageFallback {
        /// Nothing is kept.
        NoFallback => "none",
        /// The archive stays available from the OpenTok cloud.
        OpenTok => "opentok",
    }
}

/// An Amazon S3 (or S3-compatible) bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct S3Storage {
    /// The bucket name.
    pub(crate) bucket: String,
    /// The access key id.
    pub(crate) access_key: String,
    /// The secret access key (redacted in `Debug`).
    pub(crate) secret_key: SecretString,
    /// Base URL of an S3-compatible provider (`https://storage.googleapis.com`); Amazon's
    /// when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) endpoint: Option<String>,
    /// Server-side encryption.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) sse: Option<S3Encryption>,
}

impl S3Storage {
    /// A bucket with its access key pair.
    pub fn new(
        bucket: impl Into<String>,
        access_key: impl Into<String>,
        secret_key: impl Into<SecretString>,
    ) -> Self {
        Self {
            bucket: bucket.into(),
            access_key: access_key.into(),
            secret_key: secret_key.into(),
            endpoint: None,
            sse: None,
        }
    }

    setters! {
        /// Uses an S3-compatible provider at `endpoint` (an http(s) URL).
        endpoint: impl Into<String>,
        /// Sets server-side encryption.
        sse: S3Encryption,
    }

    fn validate(&self) -> Result<(), ValidationError> {
        required("config.bucket", &self.bucket)?;
        required("config.accessKey", &self.access_key)?;
        required("config.secretKey", self.secret_key.expose_secret())?;
        if let Some(e) = &self.endpoint {
            if !(e.starts_with("https://") || e.starts_with("http://")) || e.len() <= "https://".len() {
                return Err(ValidationError::new(
                    "config.endpoint",
                    Rule::Format("an http(s) URL"),
                ));
            }
        }
        if let Some(S3Encryption::Other(_)) = &self.sse {
            return Err(ValidationError::new(
                "config.sse",
                Rule::OneOf(S3Encryption::KNOWN),
            ));
        }
        Ok(())
    }
}

/// A Windows Azure container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AzureStorage {
    /// The storage account name.
    pub(crate) account_name: String,
    /// The storage account key (redacted in `Debug`).
    pub(crate) account_key: SecretString,
    /// The container name.
    pub(crate) container: String,
    /// A custom domain, when the account uses one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) domain: Option<String>,
}

impl AzureStorage {
    /// A container with the account's credentials.
    pub fn new(
        account_name: impl Into<String>,
        account_key: impl Into<SecretString>,
        container: impl Into<String>,
    ) -> Self {
        Self {
            account_name: account_name.into(),
            account_key: account_key.into(),
            container: container.into(),
            domain: None,
        }
    }

    setters! {
        /// Sets the custom domain.
        domain: impl Into<String>,
    }

    fn validate(&self) -> Result<(), ValidationError> {
        required("config.accountName", &self.account_name)?;
        required("config.accountKey", self.account_key.expose_secret())?;
        required("config.container", &self.container)
    }
}

fn required(field: &'static str, value: &str) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        return Err(ValidationError::new(field, Rule::Required));
    }
    Ok(())
}

/// Where completed archives are uploaded; on the wire `"type"` and `"config"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "config", rename_all = "lowercase")]
#[non_exhaustive]
pub enum StorageTarget {
    /// An S3 bucket (`"type": "s3"`).
    S3(S3Storage),
    /// An Azure container (`"type": "azure"`).
    Azure(AzureStorage),
}

/// Sets the project's archive upload target: `PUT /v2/project/{apiKey}/archive/storage`.
///
/// Rules: S3 needs `bucket`, `accessKey` and `secretKey`, and `endpoint` (if set) is an
/// http(s) URL; Azure needs `accountName`, `accountKey` and `container`; `sse` and
/// `fallback` are known values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SetArchiveStorage {
    #[serde(flatten)]
    pub(crate) target: StorageTarget,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) fallback: Option<StorageFallback>,
}

impl SetArchiveStorage {
    /// Uploads to `target`.
    pub fn new(target: StorageTarget) -> Self {
        Self {
            target,
            fallback: None,
        }
    }

    /// Uploads to an S3 bucket.
    pub fn s3(config: S3Storage) -> Self {
        Self::new(StorageTarget::S3(config))
    }

    /// Uploads to an Azure container.
    pub fn azure(config: AzureStorage) -> Self {
        Self::new(StorageTarget::Azure(config))
    }

    setters! {
        /// Sets the fallback.
        fallback: StorageFallback,
    }
}

impl Operation for SetArchiveStorage {
    type Output = ();

    const INFO: OperationInfo = OperationInfo {
        name: "set_archive_storage",
        method: "PUT",
        path: "/v2/project/{apiKey}/archive/storage",
        summary: "Set the project's archive upload target (S3 or Azure)",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        match &self.target {
            StorageTarget::S3(s) => s.validate()?,
            StorageTarget::Azure(a) => a.validate()?,
        }
        if let Some(StorageFallback::Other(_)) = &self.fallback {
            return Err(ValidationError::new(
                "fallback",
                Rule::OneOf(StorageFallback::KNOWN),
            ));
        }
        with_json(ctx.request_for(&Self::INFO, &[], &[])?, self)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<(), ResponseError> {
        parse_empty(response)
    }
}

/// Removes the project's archive upload target, so that archives stay in the OpenTok cloud:
/// `DELETE /v2/project/{apiKey}/archive/storage`, answered with an empty 2xx.
///
/// Vonage's account-management guide lists this call ("Deleting an upload target for a
/// project's archive files") beside setting one; it takes the project's own credentials.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeleteArchiveStorage;

impl DeleteArchiveStorage {
    /// Removes the upload target.
    pub fn new() -> Self {
        Self
    }
}

impl Operation for DeleteArchiveStorage {
    type Output = ();

    const INFO: OperationInfo = OperationInfo {
        name: "delete_archive_storage",
        method: "DELETE",
        path: "/v2/project/{apiKey}/archive/storage",
        summary: "Remove the project's archive upload target",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        without_body(ctx.request_for(&Self::INFO, &[], &[])?)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<(), ResponseError> {
        parse_empty(response)
    }
}
