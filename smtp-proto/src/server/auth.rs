//! The `AUTH` exchange (RFC 4954 §4) through a mail-sasl server mechanism: `334` challenges,
//! base64 response lines, `*` to cancel, and the application's answers to credential requests.

use base64::Engine as _;
use mail_sasl::{Failure, Rejection, SaslError, ServerMechanism, ServerStep};

use crate::line::{LineTooLong, next_line};
use crate::reply::{Reply, ReplyCode};

use super::Adv;
use super::commands::challenge_text;
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
                let reply = Reply::new(
                    ReplyCode::SYNTAX_ERROR,
                    "5.5.6 Authentication exchange line is too long",
                );
                return self.auth_failed(reply);
            }
        };
        self.pos += line.consumed;
        let phase = std::mem::replace(&mut self.phase, Phase::Command);
        if line.text == b"*" {
            // RFC 4954 §4: the client cancels; the server answers 501.
            return self.auth_failed(Reply::new(
                ReplyCode::PARAMETER_SYNTAX_ERROR,
                "5.0.0 Authentication cancelled",
            ));
        }
        let Ok(response) = base64::engine::general_purpose::STANDARD.decode(line.text) else {
            return self.auth_failed(Reply::new(
                ReplyCode::PARAMETER_SYNTAX_ERROR,
                "5.5.2 Cannot decode response",
            ));
        };
        match phase {
            Phase::Auth(mut mechanism) => {
                let step = mechanism.step(&response);
                self.sasl_step(mechanism, step)
            }
            Phase::AuthFinish(authenticated) if response.is_empty() => {
                self.authenticated(*authenticated)
            }
            _ => self.auth_failed(Reply::new(
                ReplyCode::AUTH_CREDENTIALS_INVALID,
                "5.7.8 Authentication credentials invalid",
            )),
        }
    }

    /// Acts on what the mechanism said.
    pub(super) fn sasl_step<'i>(
        &mut self,
        mechanism: Box<ServerMechanism>,
        step: Result<ServerStep, SaslError>,
    ) -> Adv<'i> {
        match step {
            Ok(ServerStep::Challenge(data)) => {
                self.send_long(&Reply::new(
                    ReplyCode::AUTH_CHALLENGE,
                    challenge_text(&data),
                ));
                self.phase = Phase::Auth(mechanism);
                Adv::Continue
            }
            Ok(ServerStep::Request(request)) => {
                self.pending = Some(Pending::AuthRequest(mechanism));
                Adv::Event(Event::AuthRequest(request))
            }
            Ok(ServerStep::Success(authenticated)) => match &authenticated.additional_data {
                // RFC 4954 §4: data with success goes out as one more challenge.
                Some(data) if !data.is_empty() => {
                    self.send_long(&Reply::new(ReplyCode::AUTH_CHALLENGE, challenge_text(data)));
                    self.phase = Phase::AuthFinish(Box::new(authenticated));
                    Adv::Continue
                }
                _ => self.authenticated(authenticated),
            },
            Ok(ServerStep::Failure(failure)) => {
                let reply = match failure {
                    Failure::Rejected(Rejection::TemporaryFailure) => Reply::new(
                        ReplyCode::TEMPORARY_FAILURE,
                        "4.7.0 Temporary authentication failure",
                    ),
                    Failure::TooLong { .. } => Reply::new(
                        ReplyCode::SYNTAX_ERROR,
                        "5.5.6 Authentication exchange line is too long",
                    ),
                    _ => Reply::new(
                        ReplyCode::AUTH_CREDENTIALS_INVALID,
                        "5.7.8 Authentication credentials invalid",
                    ),
                };
                self.auth_failed(reply)
            }
            Err(_) => self.auth_failed(Reply::new(
                ReplyCode::TEMPORARY_FAILURE,
                "4.7.0 Temporary authentication failure",
            )),
        }
    }

    fn authenticated<'i>(&mut self, authenticated: mail_sasl::Authenticated) -> Adv<'i> {
        self.session.authenticated = Some(authenticated.identity().to_owned());
        self.send(&Reply::new(
            ReplyCode::AUTH_SUCCEEDED,
            "2.7.0 Authentication successful",
        ));
        Adv::Event(Event::Authenticated(authenticated))
    }

    /// Sends the failure reply, counts the failure (closing over the limit) and reports it.
    fn auth_failed<'i>(&mut self, reply: Reply<'static>) -> Adv<'i> {
        self.send(&reply);
        self.session.auth_failures += 1;
        if self.session.auth_failures >= self.config.limits.max_auth_failures {
            self.shut_down("4.7.0 Too many failed authentication attempts");
        }
        Adv::Event(Event::AuthFailed { reply })
    }
}
