//! Exact money in the read models: amounts in the currency's minor unit as `i128`, stored as
//! decimal text and added up in Rust with checked arithmetic.
//!
//! An `i128` holds any amount the domain ever accepted (a `Decimal` is below 2^96, times at most
//! 10^4 for the finest minor unit), and any sum of 2^63 lines of the largest amount accepted
//! now (10^13 major units). Neither backend adds them: PostgreSQL's `bigint` would overflow and
//! SQLite's integer `SUM` fails on overflow, while its `TOTAL` rounds. So a sum is read as the
//! list of its terms (`string_agg`, in both backends: SQLite has it since 3.44, and sqlx bundles
//! 3.46) and added here.

use rust_decimal::Decimal;
use tatrack_domain::values::Currency;
pub use tatrack_store::Overflow;

/// `12000.50` EUR -> `1200050`. Decimals finer than the minor unit (which the domain refuses)
/// are truncated, as they always were.
pub fn to_minor(amount: Decimal, currency: Currency) -> Result<i128, Overflow> {
    let digits = u32::from(currency.minor_unit_digits().unwrap_or(0));
    let (mantissa, scale) = (amount.mantissa(), amount.scale());
    let power = |exponent: u32| 10_i128.checked_pow(exponent).ok_or(Overflow("a power of ten"));
    if scale <= digits {
        mantissa.checked_mul(power(digits - scale)?).ok_or(Overflow("an amount in minor units"))
    } else {
        Ok(mantissa / power(scale - digits)?)
    }
}

/// `1200050` EUR -> `"12000.50"`, the decimal string the API shows; exact for any `i128`.
pub fn from_minor(amount_minor: i128, currency: &str) -> String {
    let digits = Currency::parse(currency).ok().and_then(Currency::minor_unit_digits).unwrap_or(0);
    let digits = usize::from(digits);
    let sign = if amount_minor < 0 { "-" } else { "" };
    let magnitude = amount_minor.unsigned_abs().to_string();
    if digits == 0 {
        return format!("{sign}{magnitude}");
    }
    let padded = format!("{magnitude:0>width$}", width = digits + 1);
    let (whole, fraction) = padded.split_at(padded.len() - digits);
    format!("{sign}{whole}.{fraction}")
}

/// Parses one stored amount in minor units.
pub fn parse_minor(text: &str) -> Result<i128, Overflow> {
    text.trim().parse().map_err(|_| Overflow("a stored amount"))
}

/// The sum of a comma-separated list of stored amounts (what `string_agg(..., ',')` returns).
pub fn sum_listed(list: &str) -> Result<i128, Overflow> {
    list.split(',')
        .filter(|term| !term.is_empty())
        .try_fold(0_i128, |sum, term| sum.checked_add(parse_minor(term)?).ok_or(Overflow("a sum of amounts")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn currency(code: &str) -> Currency {
        Currency::parse(code).expect("a currency")
    }

    #[test]
    fn amounts_round_trip_through_minor_units() {
        let decimal = |s: &str| s.parse::<Decimal>().expect("decimal");
        assert_eq!(to_minor(decimal("12000.5"), currency("EUR")), Ok(1_200_050));
        assert_eq!(from_minor(1_200_050, "EUR"), "12000.50");
        assert_eq!(to_minor(decimal("1500000"), currency("JPY")), Ok(1_500_000));
        assert_eq!(from_minor(1_500_000, "JPY"), "1500000");
        assert_eq!(from_minor(7, "KWD"), "0.007");
        assert_eq!(from_minor(-7, "EUR"), "-0.07");
        assert_eq!(to_minor(decimal("12.000"), currency("EUR")), Ok(1200));
    }

    #[test]
    fn the_largest_decimal_converts_exactly() {
        let max = Decimal::MAX; // 79228162514264337593543950335
        assert_eq!(to_minor(max, currency("EUR")), Ok(7_922_816_251_426_433_759_354_395_033_500));
        assert_eq!(
            to_minor(max, currency("CLF")).map(|m| from_minor(m, "CLF")),
            Ok("79228162514264337593543950335.0000".into())
        );
        let tenth = "7922816251426433759354395033.5".parse::<Decimal>().expect("decimal");
        assert_eq!(
            to_minor(tenth, currency("EUR")).map(|m| from_minor(m, "EUR")),
            Ok("7922816251426433759354395033.50".into())
        );
    }

    #[test]
    fn sums_are_exact_past_i64_and_refused_past_i128() {
        let line = "4000000000000000000"; // 40000000000000000.00 EUR in cents
        assert_eq!(
            sum_listed(&[line; 3].join(",")).map(|s| from_minor(s, "EUR")),
            Ok("120000000000000000.00".into())
        );
        assert_eq!(sum_listed(""), Ok(0));
        let max = i128::MAX.to_string();
        assert_eq!(sum_listed(&format!("{max},1")), Err(Overflow("a sum of amounts")));
        assert_eq!(from_minor(i128::MAX, "EUR"), "1701411834604692317316873037158841057.27");
        assert_eq!(from_minor(i128::MIN, "JPY"), "-170141183460469231731687303715884105728");
    }
}
