//! What rendering returns: the SVG text or PNG bytes with their size and the generated text
//! description (alt text), and the SVG → PNG rasterisation with resvg and the bundled font.

use resvg::{tiny_skia, usvg};

use crate::error::{ChartError, Result};
use crate::font;
use crate::spec::PngScale;

/// A rendered SVG chart.
#[derive(Debug, Clone, PartialEq)]
pub struct SvgChart {
    /// Complete SVG document; its `<title>` and `<desc>` carry the title and description.
    pub svg: String,
    /// Text description of what the chart shows, usable as `alt` text.
    pub description: String,
    /// Width in CSS pixels.
    pub width: u32,
    /// Height in CSS pixels.
    pub height: u32,
}

/// A rendered PNG chart.
#[derive(Debug, Clone, PartialEq)]
pub struct PngChart {
    /// PNG file bytes.
    pub png: Vec<u8>,
    /// Text description of what the chart shows, usable as `alt` text.
    pub description: String,
    /// Width in pixels (CSS width × scale).
    pub width: u32,
    /// Height in pixels (CSS height × scale).
    pub height: u32,
}

impl SvgChart {
    /// Rasterises this SVG to PNG at 1× or 2×, with the bundled font only.
    pub fn to_png(&self, scale: PngScale) -> Result<PngChart> {
        let options = usvg::Options {
            fontdb: font::fontdb(),
            font_family: font::FAMILY.to_owned(),
            ..usvg::Options::default()
        };
        let tree =
            usvg::Tree::from_str(&self.svg, &options).map_err(|e| ChartError::Rasterise {
                message: e.to_string(),
            })?;
        let factor = scale.factor();
        let (width, height) = (self.width * factor, self.height * factor);
        let mut pixmap =
            tiny_skia::Pixmap::new(width, height).ok_or(ChartError::PngSize { width, height })?;
        pixmap.fill(tiny_skia::Color::WHITE);
        let f = factor as f32;
        resvg::render(
            &tree,
            tiny_skia::Transform::from_scale(f, f),
            &mut pixmap.as_mut(),
        );
        let png = encode_rgb_png(&pixmap).map_err(|e| ChartError::PngEncode {
            message: e.to_string(),
        })?;
        Ok(PngChart {
            png,
            description: self.description.clone(),
            width,
            height,
        })
    }
}

/// Encodes the opaque pixmap losslessly: with a palette when it has at most 256 colours (charts
/// are flat colours and anti-aliased edges — the served 21-member ranking at 2× has 109), one
/// byte per pixel instead of three, else as 8-bit RGB; adaptive filtering and fast deflate
/// either way. Measured on the ranking fixture at 2× (`png_size_probe`, release): RGB 232 KB
/// in 21.9 ms, palette 73 KB in 23.5 ms; default deflate would take 36–48 ms, past the 30 ms
/// budget. Every pixel is
/// opaque (the background is filled white first), so dropping alpha needs no demultiplication.
fn encode_rgb_png(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    encode_png(pixmap, PALETTE_COMPRESSION)
}

/// Deflate of palette PNGs: `Default` writes 12 % fewer bytes than `Fast` (the 21-member
/// ranking at 2×: 64,469 against 73,222 bytes) for 19 ms more encoding (30 against 11 ms,
/// `png_size_probe`). A chart is encoded once per data version and served from the cache many
/// times, so the bytes on every answer weigh more than the encoding on a miss (issue #18).
const PALETTE_COMPRESSION: png::Compression = png::Compression::Default;

fn encode_png(
    pixmap: &tiny_skia::Pixmap,
    palette_compression: png::Compression,
) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::with_capacity(pixmap.data().len() / 16);
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let data = match palette(pixmap) {
        Some((colours, indices)) => {
            encoder.set_compression(palette_compression);
            encoder.set_color(png::ColorType::Indexed);
            encoder.set_palette(colours);
            // Adaptive filtering still pays on indices (long runs): on the 21-member ranking
            // fixture at 2×, 73 KB against 560 KB unfiltered with fast deflate.
            encoder.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
            indices
        }
        None => {
            encoder.set_color(png::ColorType::Rgb);
            encoder.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
            pixmap
                .data()
                .chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect()
        }
    };
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&data)?;
    writer.finish()?;
    Ok(out)
}

/// The pixmap's colours (RGB triples) and one index per pixel, or `None` past 256 colours.
fn palette(pixmap: &tiny_skia::Pixmap) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut colours: Vec<u8> = Vec::with_capacity(3 * 256);
    let mut lookup: std::collections::HashMap<[u8; 3], u8> = std::collections::HashMap::new();
    let mut indices = Vec::with_capacity(pixmap.data().len() / 4);
    // Runs of one colour are the rule: look the colour up only when it changes.
    let mut last: Option<([u8; 3], u8)> = None;
    for p in pixmap.data().chunks_exact(4) {
        let colour = [p[0], p[1], p[2]];
        let index = match last {
            Some((c, i)) if c == colour => i,
            _ => {
                let i = match lookup.get(&colour) {
                    Some(i) => *i,
                    None => {
                        let i = u8::try_from(lookup.len()).ok()?;
                        lookup.insert(colour, i);
                        colours.extend_from_slice(&colour);
                        i
                    }
                };
                last = Some((colour, i));
                i
            }
        };
        indices.push(index);
    }
    Some((colours, indices))
}

#[cfg(test)]
mod png_tests {
    use super::*;

    fn decoded(png: &[u8]) -> Vec<u8> {
        let pixmap = tiny_skia::Pixmap::decode_png(png);
        assert!(pixmap.is_ok(), "PNG does not decode");
        pixmap.map(|p| p.data().to_vec()).unwrap_or_default()
    }

    /// A palette PNG is lossless: it decodes to the same pixels; a 257th colour falls back to RGB.
    #[test]
    fn palette_pngs_are_lossless_and_257_colours_are_rgb() {
        let mut few = tiny_skia::Pixmap::new(64, 8).unwrap();
        few.fill(tiny_skia::Color::WHITE);
        for (i, p) in few.data_mut().chunks_exact_mut(4).enumerate() {
            let shade = u8::try_from(i % 256).unwrap();
            p.copy_from_slice(&[shade, 255 - shade, 7, 255]);
        }
        // 256 colours exactly: indexed.
        let png = encode_rgb_png(&few).unwrap();
        assert_eq!(png[25], 3, "colour type 3 (indexed) in the IHDR chunk");
        assert_eq!(decoded(&png), few.data());
        // One more colour: RGB, still lossless.
        few.data_mut()[..4].copy_from_slice(&[1, 2, 3, 255]);
        let png = encode_rgb_png(&few).unwrap();
        assert_eq!(png[25], 2, "colour type 2 (RGB)");
        assert_eq!(decoded(&png), few.data());
    }
}

#[cfg(test)]
mod png_size_probe {
    /// Prints bytes and time of the 21-member ranking at 2× (`--ignored --nocapture`).
    #[test]
    #[ignore]
    fn probe() {
        let svg = crate::fixtures::ranking(crate::Lang::De, 21)
            .to_svg()
            .unwrap();
        for _ in 0..3 {
            let t = std::time::Instant::now();
            let png = svg.to_png(crate::PngScale::X2).unwrap();
            eprintln!("{} bytes in {:?}", png.png.len(), t.elapsed());
        }
        let png = svg.to_png(crate::PngScale::X2).unwrap();
        let pixmap = super::tiny_skia::Pixmap::decode_png(&png.png).unwrap();
        for (name, c) in [
            ("fast", png::Compression::Fast),
            ("default", png::Compression::Default),
            ("best", png::Compression::Best),
        ] {
            for _ in 0..3 {
                let t = std::time::Instant::now();
                let bytes = super::encode_png(&pixmap, c).unwrap();
                eprintln!(
                    "palette {name}: {} bytes, encoded in {:?}",
                    bytes.len(),
                    t.elapsed()
                );
            }
        }
    }
}
