//! The four SCRAM messages (RFC 5802 §7), parsed from and encoded to their wire form.
//!
//! The types are owned: a SCRAM exchange parses four short messages once per login, so the
//! borrowing gymnastics of the hot-path parsers in this workspace would buy nothing here.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::{ScramServerError, is_valid_nonce};
use crate::error::{Field, Malformed};
use crate::prep::{escape_saslname, unescape_saslname};

/// The `gs2-cbind-flag` of the GS2 header (RFC 5802 §7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChannelBindingFlag {
    /// `n`: the client does not support channel binding.
    None,
    /// `y`: the client supports channel binding but thinks the server does not.
    ClientSupported,
    /// `p=<cb-name>`: the client requires channel binding of this type.
    Required(String),
}

/// `client-first-message = gs2-header client-first-message-bare` (RFC 5802 §7), without the
/// optional extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientFirst {
    /// The channel binding flag.
    pub channel_binding: ChannelBindingFlag,
    /// `a=`: the authorization identity (unescaped).
    pub authzid: Option<String>,
    /// `n=`: the user name (unescaped; `=2C` and `=3D` decoded).
    pub username: String,
    /// `r=`: the client nonce.
    pub nonce: String,
}

impl ClientFirst {
    /// Parses a client-first message. Unknown optional extensions after `r=` are ignored
    /// (RFC 5802 §7 "unrecognized attributes ... MUST be ignored").
    ///
    /// # Errors
    ///
    /// The [`Malformed`] reason; notably [`Malformed::MandatoryExtension`] for `m=` and
    /// [`Malformed::BadSaslname`] for a bad `=` escape.
    pub fn parse(message: &[u8]) -> Result<Self, Malformed> {
        let (channel_binding, authzid, bare) = split_gs2_header(message)?;
        let mut attrs = attributes(bare)?;
        let first = attrs.next().ok_or(Malformed::MissingAttribute('n'))??;
        if first.0 == 'm' {
            return Err(Malformed::MandatoryExtension);
        }
        let username = expect(Some(Ok(first)), 'n')?;
        let username = unescape_saslname(username).ok_or(Malformed::BadSaslname)?;
        if username.is_empty() {
            return Err(Malformed::EmptyField(Field::Authcid));
        }
        let nonce = expect(attrs.next(), 'r')?;
        if !is_valid_nonce(nonce) {
            return Err(Malformed::BadCharacter(Field::Nonce));
        }
        for extension in attrs {
            extension?;
        }
        Ok(Self {
            channel_binding,
            authzid,
            username: username.into_owned(),
            nonce: nonce.to_owned(),
        })
    }

    /// The GS2 header, e.g. `n,,` or `n,a=admin,` (also the `c=` content of the final message
    /// when there is no channel binding data).
    pub fn gs2_header(&self) -> String {
        gs2_header(&self.channel_binding, self.authzid.as_deref())
    }

    /// `client-first-message-bare`: `n=<username>,r=<nonce>`.
    pub fn bare(&self) -> String {
        format!("n={},r={}", escape_saslname(&self.username), self.nonce)
    }

    /// The wire form; `None` if a field cannot be written so that it parses back (an empty
    /// or non-UTF-8-safe name, a bad nonce or channel binding name).
    pub fn encode(&self) -> Option<String> {
        let name_ok = |s: &str| !s.is_empty() && !s.contains('\0');
        let cb_ok = match &self.channel_binding {
            ChannelBindingFlag::Required(name) => {
                !name.is_empty()
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
            }
            _ => true,
        };
        (cb_ok
            && name_ok(&self.username)
            && self.authzid.as_deref().is_none_or(name_ok)
            && is_valid_nonce(&self.nonce))
        .then(|| format!("{}{}", self.gs2_header(), self.bare()))
    }
}

/// `gs2-header = gs2-cbind-flag "," [ authzid ] ","` (RFC 5802 §7).
pub(crate) fn gs2_header(channel_binding: &ChannelBindingFlag, authzid: Option<&str>) -> String {
    let flag = match channel_binding {
        ChannelBindingFlag::None => "n".to_owned(),
        ChannelBindingFlag::ClientSupported => "y".to_owned(),
        ChannelBindingFlag::Required(name) => format!("p={name}"),
    };
    let authzid = authzid
        .map(|a| format!("a={}", escape_saslname(a)))
        .unwrap_or_default();
    format!("{flag},{authzid},")
}

/// Splits the GS2 header (RFC 5802 §7 `gs2-header`) from the rest of a client-first message.
fn split_gs2_header(
    message: &[u8],
) -> Result<(ChannelBindingFlag, Option<String>, &[u8]), Malformed> {
    let mut parts = message.splitn(3, |&b| b == b',');
    let (Some(flag), Some(authzid), Some(bare)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(Malformed::BadGs2Header);
    };
    let flag = match flag {
        b"n" => ChannelBindingFlag::None,
        b"y" => ChannelBindingFlag::ClientSupported,
        _ => {
            let name = flag.strip_prefix(b"p=").ok_or(Malformed::BadGs2Header)?;
            if name.is_empty()
                || !name
                    .iter()
                    .all(|&b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
            {
                return Err(Malformed::BadGs2Header);
            }
            ChannelBindingFlag::Required(String::from_utf8_lossy(name).into_owned())
        }
    };
    let authzid = if authzid.is_empty() {
        None
    } else {
        let value = authzid.strip_prefix(b"a=").ok_or(Malformed::BadGs2Header)?;
        let value = saslname_value(value, Field::Authzid)?;
        Some(
            unescape_saslname(value)
                .ok_or(Malformed::BadSaslname)?
                .into_owned(),
        )
    };
    Ok((flag, authzid, bare))
}

/// The length of the GS2 header at the start of a client-first message.
pub(crate) fn gs2_header_len(message: &[u8]) -> Option<usize> {
    let first = message.iter().position(|&b| b == b',')?;
    let second = message.get(first + 1..)?.iter().position(|&b| b == b',')?;
    Some(first + second + 2)
}

/// A `saslname` value: UTF-8, no NUL, at least one character.
fn saslname_value(value: &[u8], field: Field) -> Result<&str, Malformed> {
    let text = core::str::from_utf8(value).map_err(|_| Malformed::NotUtf8(field))?;
    if text.is_empty() {
        return Err(Malformed::EmptyField(field));
    }
    if text.contains('\0') {
        return Err(Malformed::BadCharacter(field));
    }
    Ok(text)
}

type Attribute<'a> = Result<(char, &'a str), Malformed>;

/// Splits `attr-val *("," attr-val)`, checking each is `ALPHA "=" 1*value-char`.
fn attributes(message: &[u8]) -> Result<impl Iterator<Item = Attribute<'_>>, Malformed> {
    let text = core::str::from_utf8(message).map_err(|_| Malformed::NotUtf8(Field::Message))?;
    Ok(text.split(',').map(|attr| {
        let mut chars = attr.chars();
        match (chars.next(), chars.next()) {
            (Some(name), Some('=')) if name.is_ascii_alphabetic() => {
                let value = attr.get(2..).unwrap_or_default();
                if value.is_empty() || value.contains('\0') {
                    Err(Malformed::BadCharacter(Field::Message))
                } else {
                    Ok((name, value))
                }
            }
            _ => Err(Malformed::BadCharacter(Field::Message)),
        }
    }))
}

/// The next attribute must be `name`.
fn expect<'a>(attr: Option<Attribute<'a>>, name: char) -> Result<&'a str, Malformed> {
    match attr {
        Some(Ok((n, value))) if n == name => Ok(value),
        Some(Err(e)) => Err(e),
        _ => Err(Malformed::MissingAttribute(name)),
    }
}

fn base64_attr(value: &str, name: char) -> Result<Vec<u8>, Malformed> {
    BASE64.decode(value).map_err(|_| Malformed::BadBase64(name))
}

/// `server-first-message = [reserved-mext ","] nonce "," salt "," iteration-count
/// ["," extensions]` (RFC 5802 §7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerFirst {
    /// `r=`: the client nonce followed by the server's.
    pub nonce: String,
    /// `s=`: the salt (decoded).
    pub salt: Vec<u8>,
    /// `i=`: the iteration count.
    pub iterations: u32,
}

impl ServerFirst {
    /// Parses a server-first message; extensions after `i=` are ignored.
    ///
    /// # Errors
    ///
    /// The [`Malformed`] reason.
    pub fn parse(message: &[u8]) -> Result<Self, Malformed> {
        let mut attrs = attributes(message)?;
        let first = attrs.next().ok_or(Malformed::MissingAttribute('r'))??;
        if first.0 == 'm' {
            return Err(Malformed::MandatoryExtension);
        }
        let nonce = expect(Some(Ok(first)), 'r')?;
        if !is_valid_nonce(nonce) {
            return Err(Malformed::BadCharacter(Field::Nonce));
        }
        let salt = base64_attr(expect(attrs.next(), 's')?, 's')?;
        if salt.is_empty() {
            return Err(Malformed::EmptyField(Field::Salt));
        }
        let count = expect(attrs.next(), 'i')?;
        // posit-number = %x31-39 *DIGIT
        if !count.starts_with(|c: char| matches!(c, '1'..='9'))
            || !count.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(Malformed::BadIterationCount);
        }
        let iterations = count.parse().map_err(|_| Malformed::BadIterationCount)?;
        for extension in attrs {
            extension?;
        }
        Ok(Self {
            nonce: nonce.to_owned(),
            salt,
            iterations,
        })
    }

    /// The wire form; `None` for a bad nonce, an empty salt or a zero count.
    pub fn encode(&self) -> Option<String> {
        (is_valid_nonce(&self.nonce) && !self.salt.is_empty() && self.iterations > 0).then(|| {
            format!(
                "r={},s={},i={}",
                self.nonce,
                BASE64.encode(&self.salt),
                self.iterations
            )
        })
    }
}

/// `client-final-message = channel-binding "," nonce ["," extensions] "," proof`
/// (RFC 5802 §7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientFinal {
    /// `c=`: the GS2 header and channel binding data (decoded).
    pub channel_binding: Vec<u8>,
    /// `r=`: the combined nonce.
    pub nonce: String,
    /// `p=`: the client proof (decoded).
    pub proof: Vec<u8>,
}

impl ClientFinal {
    /// Parses a client-final message; returns it and the length of
    /// `client-final-message-without-proof` (for the `AuthMessage`).
    ///
    /// # Errors
    ///
    /// The [`Malformed`] reason.
    pub fn parse(message: &[u8]) -> Result<(Self, usize), Malformed> {
        let mut attrs = attributes(message)?;
        let channel_binding = base64_attr(expect(attrs.next(), 'c')?, 'c')?;
        let nonce = expect(attrs.next(), 'r')?;
        if !is_valid_nonce(nonce) {
            return Err(Malformed::BadCharacter(Field::Nonce));
        }
        let mut proof = None;
        for attr in attrs {
            let (name, value) = attr?;
            // Extensions may sit between r= and p=; p= must be the last attribute.
            if proof.is_some() {
                return Err(Malformed::ExtraField);
            }
            if name == 'p' {
                proof = Some(base64_attr(value, 'p')?);
            }
        }
        let proof = proof.ok_or(Malformed::MissingAttribute('p'))?;
        let proof_start = message
            .windows(3)
            .rposition(|w| w == b",p=")
            .ok_or(Malformed::MissingAttribute('p'))?;
        Ok((
            Self {
                channel_binding,
                nonce: nonce.to_owned(),
                proof,
            },
            proof_start,
        ))
    }

    /// `client-final-message-without-proof`: `c=...,r=...`; `None` for a bad nonce.
    pub fn without_proof(&self) -> Option<String> {
        is_valid_nonce(&self.nonce).then(|| {
            format!(
                "c={},r={}",
                BASE64.encode(&self.channel_binding),
                self.nonce
            )
        })
    }

    /// The wire form; `None` for a bad nonce or an empty channel binding or proof.
    pub fn encode(&self) -> Option<String> {
        if self.channel_binding.is_empty() || self.proof.is_empty() {
            return None;
        }
        self.without_proof()
            .map(|head| format!("{head},p={}", BASE64.encode(&self.proof)))
    }
}

/// `server-final-message = (server-error / verifier) ["," extensions]` (RFC 5802 §7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerFinal {
    /// `v=`: the server signature (decoded).
    Verifier(Vec<u8>),
    /// `e=`: an error.
    Error(ScramServerError),
}

impl ServerFinal {
    /// Parses a server-final message; extensions are ignored.
    ///
    /// # Errors
    ///
    /// The [`Malformed`] reason.
    pub fn parse(message: &[u8]) -> Result<Self, Malformed> {
        let mut attrs = attributes(message)?;
        let result = match attrs.next() {
            Some(Ok(('v', value))) => Self::Verifier(base64_attr(value, 'v')?),
            Some(Ok(('e', value))) => Self::Error(ScramServerError::from_value(value)),
            Some(Err(e)) => return Err(e),
            _ => return Err(Malformed::MissingAttribute('v')),
        };
        for extension in attrs {
            extension?;
        }
        Ok(result)
    }

    /// The wire form; `None` for an empty verifier or error value, or an error value with a
    /// comma or NUL.
    pub fn encode(&self) -> Option<String> {
        match self {
            Self::Verifier(v) => (!v.is_empty()).then(|| format!("v={}", BASE64.encode(v))),
            Self::Error(e) => {
                let value = e.as_str();
                (!value.is_empty() && !value.contains([',', '\0'])).then(|| format!("e={value}"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7677_messages_parse() {
        let first = ClientFirst::parse(b"n,,n=user,r=rOprNGfwEbeRWgbNEkqO").unwrap();
        assert_eq!(first.channel_binding, ChannelBindingFlag::None);
        assert_eq!(first.authzid, None);
        assert_eq!(first.username, "user");
        assert_eq!(first.gs2_header(), "n,,");
        assert_eq!(first.encode().unwrap(), "n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        let sf = ServerFirst::parse(
            b"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        )
        .unwrap();
        assert_eq!(sf.iterations, 4096);
        assert_eq!(sf.salt.len(), 16);
        let text = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
        let (cf, without) = ClientFinal::parse(text.as_bytes()).unwrap();
        assert_eq!(cf.channel_binding, b"n,,");
        assert_eq!(&text[..without], cf.without_proof().unwrap());
        assert_eq!(cf.encode().unwrap(), text);
        let sfin = ServerFinal::parse(b"v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=").unwrap();
        assert!(matches!(sfin, ServerFinal::Verifier(ref v) if v.len() == 32));
    }

    #[test]
    fn gs2_header_forms() {
        let m = ClientFirst::parse(b"y,a=ad=2Cmin=3D,n=a=2Cb,r=x,z=ext").unwrap();
        assert_eq!(m.channel_binding, ChannelBindingFlag::ClientSupported);
        assert_eq!(m.authzid.as_deref(), Some("ad,min="));
        assert_eq!(m.username, "a,b");
        assert_eq!(m.gs2_header(), "y,a=ad=2Cmin=3D,");
        let m = ClientFirst::parse(b"p=tls-unique,,n=u,r=x").unwrap();
        assert_eq!(
            m.channel_binding,
            ChannelBindingFlag::Required("tls-unique".into())
        );
        assert_eq!(gs2_header_len(b"n,a=b,n=u,r=x"), Some(6));
    }

    #[test]
    fn client_first_errors() {
        let cases: [(&[u8], Malformed); 11] = [
            (b"", Malformed::BadGs2Header),
            (b"n,n=u,r=x", Malformed::BadGs2Header),
            (b"x,,n=u,r=x", Malformed::BadGs2Header),
            (b"F,n,,n=u,r=x", Malformed::BadGs2Header),
            (b"p=,,n=u,r=x", Malformed::BadGs2Header),
            (b"n,b=x,n=u,r=x", Malformed::BadGs2Header),
            (b"n,,m=ext,n=u,r=x", Malformed::MandatoryExtension),
            (b"n,,n=a=2,r=x", Malformed::BadSaslname),
            (b"n,,r=x,n=u", Malformed::MissingAttribute('n')),
            (b"n,,n=u", Malformed::MissingAttribute('r')),
            (b"n,,n=u,r=a b", Malformed::BadCharacter(Field::Nonce)),
        ];
        for (input, reason) in cases {
            assert_eq!(ClientFirst::parse(input), Err(reason), "{input:?}");
        }
        assert_eq!(
            ClientFirst::parse(b"n,,n=\xff,r=x"),
            Err(Malformed::NotUtf8(Field::Message))
        );
        assert_eq!(
            ClientFirst::parse(b"n,,n=u,r=x,"),
            Err(Malformed::BadCharacter(Field::Message))
        );
    }

    #[test]
    fn server_messages_errors() {
        assert_eq!(
            ServerFirst::parse(b"r=x,s=AA==,i=0"),
            Err(Malformed::BadIterationCount)
        );
        assert_eq!(
            ServerFirst::parse(b"r=x,s=AA==,i=4294967296"),
            Err(Malformed::BadIterationCount)
        );
        assert_eq!(
            ServerFirst::parse(b"r=x,s=A,i=1"),
            Err(Malformed::BadBase64('s'))
        );
        assert_eq!(
            ServerFirst::parse(b"m=x,r=x,s=AA==,i=1"),
            Err(Malformed::MandatoryExtension)
        );
        assert_eq!(
            ServerFinal::parse(b"e=invalid-proof"),
            Ok(ServerFinal::Error(ScramServerError::InvalidProof))
        );
        assert_eq!(
            ServerFinal::parse(b"x=1"),
            Err(Malformed::MissingAttribute('v'))
        );
        assert_eq!(
            ClientFinal::parse(b"c=biws,r=x,p=AA==,q=1"),
            Err(Malformed::ExtraField)
        );
        assert_eq!(
            ClientFinal::parse(b"c=biws,r=x"),
            Err(Malformed::MissingAttribute('p'))
        );
        assert!(ClientFinal::parse(b"c=biws,r=x,ext=1,p=AA==").is_err());
        assert!(ClientFinal::parse(b"c=biws,r=x,q=1,p=AA==").is_ok());
    }
}
