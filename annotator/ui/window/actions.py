"""Every menu action of the window, defined once with its standard key and an objectName."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QUndoStack
from PySide6.QtWidgets import QMenu, QMenuBar

from annotator.ui.common.actions import Actions, StdKey, make_action


@dataclass
class Menus:
    recent: QMenu
    tracks: QMenu
    labels: QMenu


def build_menu_bar(bar: QMenuBar, a: Actions) -> Menus:
    """The window's menus; the recent, annotator and label menus are filled as they open."""
    file_menu = bar.addMenu("&File")
    file_menu.addActions([a.new, a.open, a.open_folder])
    recent = file_menu.addMenu("Open &recent")
    recent.setObjectName("file_recent")
    file_menu.addSeparator()
    file_menu.addActions(
        [a.import_articles, a.import_folder, a.import_annotations, a.import_brat_folder, a.export]
    )
    file_menu.addSeparator()
    file_menu.addActions([a.add_work, a.share_copy])
    file_menu.addSeparator()
    file_menu.addAction(a.quit)
    edit_menu = bar.addMenu("&Edit")
    edit_menu.addActions([a.undo, a.redo])
    edit_menu.addSeparator()
    edit_menu.addActions([a.find, a.search, a.delete_span, a.edit_note])
    view_menu = bar.addMenu("&View")
    view_menu.addActions([a.zoom_in, a.zoom_out])
    view_menu.addSeparator()
    view_menu.addAction(a.snap)
    view_menu.addSeparator()
    tracks = view_menu.addMenu("Show annotations &of")
    labels = bar.addMenu("&Labels")
    doc_menu = bar.addMenu("&Document")
    doc_menu.addActions([a.next_doc, a.prev_doc, a.mark_done])
    doc_menu.addSeparator()
    doc_menu.addActions([a.edit_document, a.remove_document])
    bar.addMenu("&Review").addActions([a.agreement, a.statistics])
    bar.addMenu("&Project").addActions([a.assign, a.reassign, a.others_visible])
    bar.addMenu("&Settings").addAction(a.set_annotator)
    bar.addMenu("&Help").addAction(a.shortcuts)
    return Menus(recent, tracks, labels)


def create_actions(parent: QObject, stack: QUndoStack) -> Actions:
    undo = stack.createUndoAction(parent, "&Undo")
    undo.setObjectName("edit_undo")
    undo.setShortcuts(QKeySequence.keyBindings(StdKey.Undo))
    redo = stack.createRedoAction(parent, "&Redo")
    redo.setObjectName("edit_redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    snap = make_action(parent, "view_snap", "&Snap selection to words", ["Ctrl+Shift+W"])
    snap.setCheckable(True)
    snap.setChecked(True)
    done = make_action(parent, "document_done", "Mark document &done / not done", ["D"])
    done.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    others_visible = make_action(
        parent,
        "project_others_visible",
        "Annotators see each other's &tracks",
        tip="The lead's decision for the team: seeing others' work biases agreement",
    )
    others_visible.setCheckable(True)
    return Actions(
        new=make_action(parent, "file_new", "&New project…", [StdKey.New]),
        open=make_action(parent, "file_open", "&Open project file…", [StdKey.Open]),
        open_folder=make_action(
            parent, "file_open_folder", "Open project &folder…", ["Ctrl+Shift+O"]
        ),
        import_articles=make_action(parent, "file_import", "&Import articles…", ["Ctrl+I"]),
        import_folder=make_action(
            parent,
            "file_import_folder",
            "Import articles from a fol&der…",
            tip="Every .txt file in a folder and the folders below it",
        ),
        export=make_action(parent, "file_export", "&Export annotations…", ["Ctrl+E"]),
        import_annotations=make_action(
            parent, "file_import_annotations", "Import &annotations…", ["Ctrl+Shift+I"]
        ),
        import_brat_folder=make_action(
            parent,
            "file_import_brat_folder",
            "Import annotations from a &brat folder…",
            tip="A brat corpus: .txt and .ann side by side, or text/ and a folder of .ann",
        ),
        add_work=make_action(
            parent,
            "file_add_work",
            "Add annotator's &work…",
            tip="Bring in a colleague's project file or JSONL export, as their own track",
        ),
        share_copy=make_action(
            parent,
            "file_share_copy",
            "&Share a copy…",
            tip="Write a complete copy of this project to send to a reviewer",
        ),
        quit=make_action(parent, "file_quit", "&Quit", [StdKey.Quit]),
        undo=undo,
        redo=redo,
        find=make_action(parent, "edit_find", "&Find in article…", [StdKey.Find]),
        delete_span=make_action(
            parent, "edit_delete_span", "&Delete selected span", ["Del", "Backspace"]
        ),
        edit_note=make_action(parent, "edit_note", "Edit &note of selected span", ["F2"]),
        zoom_in=make_action(parent, "view_zoom_in", "Zoom &in", [StdKey.ZoomIn, "Ctrl+="]),
        zoom_out=make_action(parent, "view_zoom_out", "Zoom &out", [StdKey.ZoomOut]),
        snap=snap,
        next_doc=make_action(
            parent, "document_next", "&Next document", ["Alt+Right", "Ctrl+PgDown"]
        ),
        prev_doc=make_action(
            parent, "document_previous", "&Previous document", ["Alt+Left", "Ctrl+PgUp"]
        ),
        mark_done=done,
        edit_document=make_action(
            parent, "document_details", "Edit document &details…", ["Ctrl+T"]
        ),
        remove_document=make_action(parent, "document_remove", "&Remove document…"),
        set_annotator=make_action(parent, "settings_annotator", "&Annotator name…"),
        statistics=make_action(
            parent,
            "review_statistics",
            "&Statistics…",
            tip="Where the work stands: documents, labels, speakers, claims, entities, days",
        ),
        assign=make_action(
            parent,
            "project_assign",
            "&Assign…",
            tip="Decide who annotates which documents, with an overlap to measure agreement",
        ),
        reassign=make_action(
            parent,
            "project_reassign",
            "&Reassign…",
            tip="Give the shown document, or everything of an annotator who left, to another",
        ),
        others_visible=others_visible,
        shortcuts=make_action(
            parent, "help_shortcuts", "&Keyboard shortcuts", [StdKey.HelpContents]
        ),
        agreement=make_action(parent, "review_agreement", "&Agreement…", ["Ctrl+Shift+G"]),
        edit_scheme=make_action(parent, "labels_edit_scheme", "&Edit label scheme…", ["Ctrl+L"]),
        search=make_action(
            parent,
            "edit_search",
            "&Search all documents…",
            ["Ctrl+Shift+F"],
            tip="Words in every document's text, title and notes, with filters",
        ),
    )
