//! Money: an ISO 4217 currency, an exact amount of it, and the plain decimal string an amount
//! is written as. The rules an amount must obey in a command are in [`crate::money`].

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::ValueError;

/// An ISO 4217 currency code such as `EUR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency(iso_currency::Currency);

#[cfg(feature = "openapi")]
crate::schema::schema_by!(
    Currency,
    crate::schema::one_of(
        "An ISO 4217 currency code",
        <iso_currency::Currency as iso_currency::IntoEnumIterator>::iter().map(|c| c.code().to_owned())
    )
);

impl Currency {
    pub fn parse(code: &str) -> Result<Self, ValueError> {
        iso_currency::Currency::from_code(&code.trim().to_ascii_uppercase())
            .map(Self)
            .ok_or_else(|| ValueError::UnknownCurrency(code.to_owned()))
    }

    pub fn code(self) -> &'static str {
        self.0.code()
    }

    /// Digits after the decimal point in the currency's minor unit (2 for EUR, 0 for JPY);
    /// `None` for codes without one, such as gold (XAU).
    pub fn minor_unit_digits(self) -> Option<u16> {
        self.0.exponent()
    }
}

impl TryFrom<String> for Currency {
    type Error = ValueError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Currency> for String {
    fn from(value: Currency) -> Self {
        value.code().to_owned()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An exact amount of one currency. Never a float; serialized as a decimal string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    #[serde(with = "plain_decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "12000.00"))]
    pub amount: Decimal,
    pub currency: Currency,
}

/// Amounts as JSON strings of plain decimals, `^[0-9]+(\.[0-9]+)?$`: no sign, exponent, digit
/// separator, white space or bare point, and never a JSON number (a float to most clients).
/// Use with `#[serde(with = "crate::values::plain_decimal")]`.
pub mod plain_decimal {
    use super::Decimal;

    pub fn serialize<S: serde::Serializer>(amount: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(amount)
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
        parse(&text).map_err(serde::de::Error::custom)
    }

    /// `text` as a decimal, if it is written as a plain one and fits a `Decimal` exactly.
    pub fn parse(text: &str) -> Result<Decimal, String> {
        let (whole, fraction) = text.split_once('.').unwrap_or((text, "0"));
        let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || !digits(fraction) {
            return Err(format!("'{text}' is not a plain decimal such as \"12000.50\""));
        }
        Decimal::from_str_exact(text).map_err(|_| format!("'{text}' has more digits than an amount can hold"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currencies_come_from_iso_4217() {
        assert_eq!(Currency::parse("eur").map(Currency::code), Ok("EUR"));
        assert_eq!(Currency::parse("EUX"), Err(ValueError::UnknownCurrency("EUX".into())));
        assert_eq!(Currency::parse("JPY").map(Currency::minor_unit_digits), Ok(Some(0)));
    }

    #[test]
    fn amounts_are_written_as_plain_decimals() {
        for good in ["12000.50", "0.5", "7", "007.10"] {
            assert_eq!(plain_decimal::parse(good), Ok(good.parse().expect("a decimal")), "{good}");
        }
        for bad in ["1e2", "1E2", "1_000", " 12", "12 ", "+5", "-5", ".5", "5.", "", "1.2.3", "0x10", "١٢"]
        {
            assert!(plain_decimal::parse(bad).is_err(), "{bad:?} was accepted");
        }
        assert!(plain_decimal::parse("79228162514264337593543950336").is_err(), "past Decimal::MAX");
        let from_json = |json: &str| serde_json::from_str::<Wrapper>(json).map(|w| w.0);
        assert_eq!(from_json("\"12.50\"").ok(), Some("12.50".parse().expect("a decimal")));
        assert!(from_json("12.5").is_err(), "a JSON number");
        assert!(from_json("12").is_err(), "a JSON integer");
    }

    #[derive(serde::Deserialize)]
    struct Wrapper(#[serde(with = "plain_decimal")] Decimal);
}
