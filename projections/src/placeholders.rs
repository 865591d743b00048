//! Placeholders of a statement built in pieces, whose values are bound in order.

/// Placeholders for `values`, or `NULL` (which matches nothing) when there are none.
pub(crate) fn id_list(values: &[String], param: &mut impl FnMut(String) -> String) -> String {
    let list: Vec<String> = values.iter().map(|v| param(v.clone())).collect();
    if list.is_empty() {
        "NULL".to_owned()
    } else {
        list.join(", ")
    }
}
