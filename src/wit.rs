//! The component's WIT, decoded from its binary.

use anyhow::{Context, Result};
use wit_component::{DecodedWasm, WitPrinter};

/// Decodes the WIT world a component's binary describes and prints it as WIT text.
pub fn component_wit(binary: &[u8]) -> Result<String> {
    let decoded = wit_component::decode(binary).context("failed to decode the component's WIT")?;
    let DecodedWasm::Component(resolve, world) = decoded else {
        anyhow::bail!("expected a component, found a WIT package");
    };
    let package = resolve.worlds[world]
        .package
        .context("the decoded world belongs to no package")?;
    let mut printer = WitPrinter::default();
    let nested: Vec<_> = resolve
        .packages
        .iter()
        .map(|(id, _)| id)
        .filter(|id| *id != package)
        .collect();
    printer.print(&resolve, package, &nested)?;
    Ok(printer.output.to_string())
}
