//! Reports handed to a spreadsheet or printed: CSV in UTF-8 with a byte-order mark (without
//! it Excel reads the file in the locale's code page and the Chinese turns to noise), XLSX
//! with a sheet per section, and aligned text for the terminal. Files are written atomically
//! and owner-only: reports name trainees.

use std::io;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::report::tables::{Cell, Table};
use crate::store::replace_atomically;

/// UTF-8's byte-order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Why a report could not be exported; names the file.
#[derive(Debug)]
pub enum ExportError {
    Io(PathBuf, io::Error),
    Xlsx(PathBuf, XlsxError),
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::Io(path, e) => write!(f, "{}: {e}", path.display()),
            ExportError::Xlsx(path, e) => {
                write!(
                    f,
                    "{}: the spreadsheet could not be made: {e}",
                    path.display()
                )
            }
        }
    }
}

impl std::error::Error for ExportError {}

/// The tables as one CSV: each section is its title's row, its header row, its rows, then
/// an empty line; headers read `学员 Trainee`. Rows differ in length, as sections do.
pub fn csv_bytes(tables: &[Table]) -> Vec<u8> {
    let mut bytes = BOM.to_vec();
    {
        // LF, not CRLF: Excel and LibreOffice read either, and `--csv -` goes through the
        // terminal's filter, which shows a carriage return as an escape.
        let mut writer = csv::WriterBuilder::new()
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(&mut bytes);
        for (index, table) in tables.iter().enumerate() {
            if index > 0 {
                writer
                    .write_record([""])
                    .expect("writing to memory cannot fail");
            }
            let rows = std::iter::once(vec![table.title.both()])
                .chain(std::iter::once(
                    table.headings.iter().map(|h| h.both()).collect::<Vec<_>>(),
                ))
                .chain(
                    table
                        .rows
                        .iter()
                        .map(|row| row.iter().map(Cell::text).collect()),
                );
            for row in rows {
                writer
                    .write_record(&row)
                    .expect("writing to memory cannot fail");
            }
        }
        writer.flush().expect("writing to memory cannot fail");
    }
    bytes
}

/// The tables as an XLSX workbook, a sheet per section named by its title, with bold
/// bilingual headers and numbers as numbers.
pub fn xlsx_bytes(tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_name(&table.title.both()))?;
        for (column, heading) in table.headings.iter().enumerate() {
            sheet.write_string_with_format(0, column as u16, heading.both(), &bold)?;
            sheet.set_column_width(column as u16, 16)?;
        }
        for (index, row) in table.rows.iter().enumerate() {
            let at = index as u32 + 1;
            for (column, cell) in row.iter().enumerate() {
                let column = column as u16;
                match cell {
                    Cell::Text(text) => sheet.write_string(at, column, text)?,
                    Cell::Words(words) => sheet.write_string(at, column, words.both())?,
                    Cell::Int(number) => sheet.write_number(at, column, *number as f64)?,
                    Cell::Real(number) => sheet.write_number(at, column, *number)?,
                };
            }
        }
    }
    workbook.save_to_buffer()
}

/// Excel takes at most 31 characters and none of `[]:*?/\` in a sheet's name.
fn sheet_name(title: &str) -> String {
    title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect()
}

pub fn write_csv(path: &Path, tables: &[Table]) -> Result<(), ExportError> {
    replace_atomically(path, &csv_bytes(tables)).map_err(|e| ExportError::Io(path.to_owned(), e))
}

pub fn write_xlsx(path: &Path, tables: &[Table]) -> Result<(), ExportError> {
    let bytes = xlsx_bytes(tables).map_err(|e| ExportError::Xlsx(path.to_owned(), e))?;
    replace_atomically(path, &bytes).map_err(|e| ExportError::Io(path.to_owned(), e))
}

/// The tables as aligned text for a terminal, a Chinese character counted two columns wide.
pub fn text(tables: &[Table]) -> String {
    let mut out = String::new();
    for table in tables {
        out.push_str(&format!("== {} ==\n", table.title.both()));
        let mut lines: Vec<Vec<String>> = vec![table.headings.iter().map(|h| h.both()).collect()];
        lines.extend(
            table
                .rows
                .iter()
                .map(|row| row.iter().map(Cell::text).collect()),
        );
        let mut widths = vec![0; table.headings.len()];
        for line in &lines {
            for (width, cell) in widths.iter_mut().zip(line) {
                *width = (*width).max(columns(cell));
            }
        }
        for line in &lines {
            let padded: Vec<String> = line
                .iter()
                .zip(&widths)
                .map(|(cell, width)| format!("{cell}{}", " ".repeat(width - columns(cell))))
                .collect();
            out.push_str(padded.join("  ").trim_end());
            out.push('\n');
        }
        if table.rows.is_empty() {
            out.push_str("(无 none)\n");
        }
        out.push('\n');
    }
    out
}

/// Terminal columns: wide (East Asian) characters take two.
fn columns(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}
