//! The `AUTH` exchange (RFC 5034 §4) through a mail-sasl server mechanism: `+ base64`
//! challenges, base64 response lines, `*` to cancel, and the application's answers to
//! credential requests.

use base64::Engine as _;
use mail_sasl::{Failure, Rejection, SaslError, ServerMechanism, ServerStep};

use crate::line::{LineTooLong, next_line};
use crate::response::{Continuation, ResponseCode, StatusLine};

use super::Adv;
use super::event::Event;
use super::session::{Core, Pending, Phase};

impl Core {
    /// Reads one SASL response line of the exchange in progress.
    pub(super) fn auth_line<'i>(&mut self, rest: &'i [u8]) -> Adv<'i> {
        let line = match next_line(rest, self.config.limits.sasl_line, self.config.line_endings) {
            Ok(Some(line)) => line,
            Ok(None) => return Adv::NeedInput,
            Err(LineTooLong { .. }) => {
                self.phase = Phase::SkipLine;
                return self.auth_failed(Self::err_line(
                    None,
                    "Authentication exchange line is too long".to_owned(),
                ));
            }
        };
        self.pos += line.consumed;
        let phase = std::mem::replace(&mut self.phase, Phase::Command);
        if line.text == b"*" {
            // RFC 5034 §4: "If the server receives such a response, it MUST reject the AUTH
            // command by sending an -ERR reply."
            return self.auth_failed(Self::err_line(None, "Authentication cancelled".to_owned()));
        }
        let Ok(response) = base64::engine::general_purpose::STANDARD.decode(line.text) else {
            return self.auth_failed(Self::err_line(None, "Invalid base64 response".to_owned()));
        };
        match phase {
            Phase::Auth(mut mechanism) => {
                let step = mechanism.step(&response);
                self.sasl_step(mechanism, step)
            }
            Phase::AuthFinish(authenticated) if response.is_empty() => {
                self.authenticated(*authenticated)
            }
            _ => self.auth_failed(Self::credentials_invalid()),
        }
    }

    fn credentials_invalid() -> StatusLine<'static> {
        Self::err_line(Some(ResponseCode::Auth), "Authentication failed".to_owned())
    }

    /// Acts on what the mechanism said.
    pub(super) fn sasl_step<'i>(
        &mut self,
        mechanism: Box<ServerMechanism>,
        step: Result<ServerStep, SaslError>,
    ) -> Adv<'i> {
        match step {
            Ok(ServerStep::Challenge(data)) => {
                Continuation::new(&data).encode(&mut self.output);
                self.phase = Phase::Auth(mechanism);
                Adv::Continue
            }
            Ok(ServerStep::Request(request)) => {
                self.pending = Some(Pending::AuthRequest(mechanism));
                Adv::Event(Event::AuthRequest(request))
            }
            Ok(ServerStep::Success(authenticated)) => match &authenticated.additional_data {
                // Data with success goes out as one more challenge (RFC 5034 §4 allows no
                // data on +OK).
                Some(data) if !data.is_empty() => {
                    Continuation::new(data).encode(&mut self.output);
                    self.phase = Phase::AuthFinish(Box::new(authenticated));
                    Adv::Continue
                }
                _ => self.authenticated(authenticated),
            },
            Ok(ServerStep::Failure(failure)) => {
                let status = match failure {
                    Failure::Rejected(Rejection::TemporaryFailure) => Self::err_line(
                        Some(ResponseCode::SysTemp),
                        "Temporary authentication failure".to_owned(),
                    ),
                    _ => Self::credentials_invalid(),
                };
                self.auth_failed(status)
            }
            Err(_) => self.auth_failed(Self::err_line(
                Some(ResponseCode::SysTemp),
                "Temporary authentication failure".to_owned(),
            )),
        }
    }

    /// The exchange succeeded: the application opens the maildrop.
    fn authenticated<'i>(&mut self, authenticated: mail_sasl::Authenticated) -> Adv<'i> {
        self.pending = Some(Pending::Login {
            user: authenticated.identity().to_owned(),
        });
        Adv::Event(Event::Authenticated(authenticated))
    }

    /// Sends the failure, counts it (closing at the limit) and reports it.
    fn auth_failed<'i>(&mut self, status: StatusLine<'static>) -> Adv<'i> {
        self.send(&status);
        self.login_failed();
        Adv::Event(Event::AuthFailed { status })
    }
}
