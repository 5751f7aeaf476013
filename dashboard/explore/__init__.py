"""The record explorer's internals: its URL, widget state, tables, record detail, exports, drill-downs."""
