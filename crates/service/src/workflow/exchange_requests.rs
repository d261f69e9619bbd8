//! Exchange requests (issue #14 A.4): a signed-in user of one member asks another member about
//! one of its published practices; both members' users see it in their inbox (`/austausch`),
//! the asked member answers, either side marks it done. Managers and admins read every request
//! (the project's overview) but do not write in others' names. No e-mail is sent.

use vergleich_domain::exchange::{PracticeState, RequestState, check_message};
use vergleich_domain::{Ags, Role};
use vergleich_store::StoreError;
use vergleich_store::practices::{ExchangeRequest, NewRequest, RequestTransition};

use super::practices::refuse;
use super::{Principal, Workflow};
use crate::error::{Error, ErrorCode, Result};

fn not_found(id: i64) -> Error {
    Error::not_found(&format!("Die Anfrage {id}"), &format!("request {id}"))
}

impl Workflow<'_> {
    /// The member a municipality user writes for.
    fn asking_member(&self, principal: &Principal) -> Result<Ags> {
        let user = principal.require(
            &[Role::Municipality],
            "Anfragen an andere Kommunen stellen (nur Nutzer einer Kommune)",
            "ask other members (municipality users only)",
        )?;
        user.municipality.clone().ok_or_else(|| {
            Error::forbidden(
                "ohne eigene Kommune anfragen",
                "ask without a member of one's own",
            )
        })
    }

    /// Asks the member of a published practice about it.
    pub async fn ask_about_practice(
        &self,
        principal: &Principal,
        practice: i64,
        message: &str,
    ) -> Result<ExchangeRequest> {
        let from = self.asking_member(principal)?;
        check_message("message", message).map_err(refuse)?;
        let target = self.practice(principal, practice).await?;
        if target.state != PracticeState::Published {
            return Err(Error::new(
                ErrorCode::Conflict,
                "Anfragen gehen nur zu veröffentlichten Praxisbeispielen.",
                "Requests go to published practices only.",
            ));
        }
        if target.municipality == from {
            return Err(Error::new(
                ErrorCode::Conflict,
                "Das ist ein Praxisbeispiel der eigenen Kommune.",
                "This is a practice of your own member.",
            ));
        }
        let new = NewRequest {
            practice_id: practice,
            from_municipality: from,
            message: message.trim().to_owned(),
        };
        Ok(self.store.create_request(&new, &principal.actor()).await?)
    }

    /// The requests this principal sees: its member's sent and received ones; every one for
    /// managers and admins; none for others (403).
    pub async fn exchange_requests(&self, principal: &Principal) -> Result<Vec<ExchangeRequest>> {
        let user = principal.require(
            &[Role::Municipality, Role::Manager, Role::Admin],
            "Anfragen lesen",
            "read requests",
        )?;
        if user.role.sees_unpublished() {
            return Ok(self.store.requests(None).await?);
        }
        match &user.municipality {
            Some(m) => Ok(self.store.requests(Some(m)).await?),
            None => Ok(Vec::new()),
        }
    }

    /// One request this principal sees (404 otherwise).
    pub async fn exchange_request(
        &self,
        principal: &Principal,
        id: i64,
    ) -> Result<ExchangeRequest> {
        principal.require(
            &[Role::Municipality, Role::Manager, Role::Admin],
            "Anfragen lesen",
            "read requests",
        )?;
        let request = self.store.request(id).await?.ok_or_else(|| not_found(id))?;
        let sees = principal.user().is_some_and(|u| {
            u.role.sees_unpublished()
                || (u.role == Role::Municipality
                    && u.municipality.as_ref().is_some_and(|m| {
                        *m == request.from_municipality || *m == request.to_municipality
                    }))
        });
        if sees {
            Ok(request)
        } else {
            Err(not_found(id))
        }
    }

    /// The asked member answers an open request (again while it is answered: a follow-up
    /// replaces the answer).
    pub async fn answer_request(
        &self,
        principal: &Principal,
        id: i64,
        answer: &str,
    ) -> Result<ExchangeRequest> {
        let member = self.asking_member(principal)?;
        let request = self.exchange_request(principal, id).await?;
        if request.to_municipality != member {
            return Err(Error::forbidden(
                "eine Anfrage beantworten, die an eine andere Kommune ging",
                "answer a request sent to another member",
            ));
        }
        check_message("answer", answer).map_err(refuse)?;
        self.request_step(
            id,
            &[RequestState::Offen, RequestState::Beantwortet],
            RequestState::Beantwortet,
            principal,
            Some(answer.trim().to_owned()),
        )
        .await
    }

    /// Either side marks a request done.
    pub async fn close_request(&self, principal: &Principal, id: i64) -> Result<ExchangeRequest> {
        self.asking_member(principal)?;
        self.exchange_request(principal, id).await?;
        self.request_step(
            id,
            &[RequestState::Offen, RequestState::Beantwortet],
            RequestState::Erledigt,
            principal,
            None,
        )
        .await
    }

    async fn request_step(
        &self,
        id: i64,
        from: &[RequestState],
        to: RequestState,
        principal: &Principal,
        answer: Option<String>,
    ) -> Result<ExchangeRequest> {
        let step = RequestTransition {
            id,
            from: from.to_vec(),
            to,
            actor: principal.actor(),
            answer,
        };
        match self.store.transition_request(&step).await {
            Err(StoreError::InvalidState { state, .. }) => Err(Error::new(
                ErrorCode::Conflict,
                format!(
                    "Die Anfrage {id} ist {state}; sie kann nicht {} werden.",
                    to.label_de()
                ),
                format!(
                    "Request {id} is {state}; it cannot become {}.",
                    to.label_en()
                ),
            )),
            Err(StoreError::NotFound(_)) => Err(not_found(id)),
            other => Ok(other?),
        }
    }
}
