//! Signing and acknowledging (SPEC section 3, items 7 and 8; seed 000 §7.2).
//!
//! The first version of an integration contract is printed and signed on paper by citizen
//! and municipality (bek. § 4); later versions are not signed but acknowledged (kvitteret,
//! bek. § 17, stk. 4). A page asked for where that does not hold is refused with the
//! reason, in the caseworker's terms — never silently dropped.

use crate::error::Diagnostic;
use crate::model::{ContractState, PlanVersion};

use super::about::address;
use super::matrix::{cell, Cell, Gate, Row};
use super::view::{Kvittering, Signature};
use super::Request;

/// The checks that need no plan data.
pub fn check_request(request: Request) -> Result<(), Diagnostic> {
    let Request { audience, version_kind, .. } = request;
    if request.signature && request.acknowledgement {
        return Err(Diagnostic::refused(
            "acknowledgement",
            "a version is either signed (the first version of an integration contract) or \
             acknowledged (later versions), not both",
        ));
    }
    if request.signature
        && cell(Row::SignatureLines, audience, version_kind) != Cell::OnRequest
    {
        return Err(Diagnostic::refused(
            "signature",
            format!(
                "signature lines are printed only on the jobcenter's print of the current \
                 version (not {audience} {version_kind})"
            ),
        ));
    }
    if request.acknowledgement
        && cell(Row::AcknowledgementPage, audience, version_kind) != Cell::OnRequest
    {
        return Err(Diagnostic::refused(
            "acknowledgement",
            format!(
                "the acknowledgement page (kvittering) is printed only for the citizen's or \
                 the jobcenter's current version (not {audience} {version_kind})"
            ),
        ));
    }
    Ok(())
}

/// Every check: the request's, then what the plan version allows. Each refusal is kind
/// `refused` (exit 1, HTTP 422), with the reason.
pub fn check(input: &PlanVersion, request: Request) -> Result<(), Diagnostic> {
    check_request(request)?;
    let contract = input.integration.as_ref();
    let first_signed = contract
        .and_then(|c| c.master_data.as_ref())
        .and_then(|m| m.contract_first_signed_on.as_ref());
    let open = contract.is_some_and(|c| c.state == ContractState::Open);
    let version = input.plan_version.version_number;
    if request.signature {
        let reason = match (contract.map(|c| c.state), first_signed) {
            (None, _) => Some(
                "this plan has no integration contract: only the first version of an \
                 integration contract is signed; acknowledge this version instead \
                 (--acknowledgement)"
                    .to_owned(),
            ),
            (Some(ContractState::Closed), _) => Some(
                "the integration contract is closed: only the first version of an open \
                 contract is signed; acknowledge this version instead (--acknowledgement)"
                    .to_owned(),
            ),
            // Version 1 with a registered signing date: it was signed, once; it is not
            // a later version to acknowledge either (see the acknowledgement check).
            (Some(ContractState::Open), Some(_)) if version == 1 => Some(
                "version 1 of the integration contract is already signed \
                 (integration.master_data.contract_first_signed_on is registered): a \
                 version is signed once; print it without --signature"
                    .to_owned(),
            ),
            (Some(ContractState::Open), Some(date)) => Some(format!(
                "the contract was first signed on {}; later versions are acknowledged \
                 (--acknowledgement), not signed",
                date.danish()
            )),
            (Some(ContractState::Open), None) => None,
        };
        if let Some(reason) = reason {
            return Err(Diagnostic::refused("signature", reason));
        }
    }
    if request.acknowledgement {
        if let Some(ack) = &input.plan_version.acknowledgement {
            return Err(Diagnostic::refused(
                "acknowledgement",
                format!(
                    "version {version} was already acknowledged on {}",
                    ack.on.danish()
                ),
            ));
        }
        if open && first_signed.is_none() {
            return Err(Diagnostic::refused(
                "acknowledgement",
                "this is the first version of the integration contract: it is signed \
                 (--signature), not acknowledged",
            ));
        }
    }
    Ok(())
}

/// The signature page, when requested (and allowed: [`check`] ran first).
pub fn signature<'a>(gate: &Gate, input: &'a PlanVersion) -> Option<Signature<'a>> {
    let jc = &input.jobcenter;
    let caseworker = jc
        .caseworker
        .as_ref()
        .map(|c| (crate::model::text(&c.name), crate::model::text(&c.title)));
    gate.pass(
        Row::SignatureLines,
        Signature {
            citizen: &input.citizen.full_name,
            municipality: &jc.name,
            caseworker: caseworker.filter(|c| c.0.is_some() || c.1.is_some()),
            version: input.plan_version.version_number,
            updated: &input.plan_version.updated_on,
        },
    )
}

/// The acknowledgement page, when requested (and allowed).
pub fn kvittering<'a>(gate: &Gate, input: &'a PlanVersion) -> Option<Kvittering<'a>> {
    let jc = &input.jobcenter;
    gate.pass(
        Row::AcknowledgementPage,
        Kvittering {
            citizen: &input.citizen.full_name,
            id: Some(input.plan_version.id.as_str())
                .filter(|id| !crate::redact::has_cpr(id)),
            version: input.plan_version.version_number,
            updated: &input.plan_version.updated_on,
            return_to: (&jc.name, jc.address.as_ref().map(address).unwrap_or_default()),
        },
    )
}

#[cfg(test)]
mod kvittering_tests {

    #[test]
    fn ids_that_could_hold_a_cpr_number_are_not_printed() {
        for id in ["PV-2026-000731", "PV-7", "2026-0001", "A-123456-12"] {
            assert!(!crate::redact::has_cpr(id), "{id}");
        }
        for id in ["240390-1234", "PV-240390-1234", "2403901234", "x12345678901"] {
            assert!(crate::redact::has_cpr(id), "{id}");
        }
    }
}
