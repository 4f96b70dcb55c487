/* slide-layout.c: where every part of a slide goes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Layout happens once per slide, in slide units (SLIDE_HEIGHT high), with
 * unhinted font metrics so that text breaks the same way at any output
 * size: the window and the exported images are the same picture scaled.
 *
 * Three kinds of slides:
 *  - title: only headings and a few lines of text, centred on the slide;
 *  - content: the first heading as the title at the top, below it the text
 *    in one column and the media (images, videos) beside it, or the media
 *    alone in a row across the slide;
 *  - blank.
 * Text that does not fit is shrunk, a step at a time, until it does.
 */
#include "config.h"

#include "slide-layout.h"
#include "slide-code.h"

#include <pango/pangocairo.h>
#include <string.h>

#define MIN_FONT_SCALE 0.45
#define COLUMN_GAP 72.0
#define MEDIA_GAP 48.0
#define INDENT 56.0
#define MARKER_WIDTH 46.0
#define CODE_PADDING 30.0
#define QUOTE_INDENT 40.0
#define CELL_PADDING_X 24.0
#define CELL_PADDING_Y 14.0
#define TABLE_TEXT 0.8 /* of the body size */

typedef struct
{
  PangoContext *context;
  const SlideTheme *theme;
  GPtrArray *items;
  double scale;
  GHashTable *code_attrs; /* DeckBlock -> PangoAttrList of its highlighting */
} Builder;

static void
attr_list_unref0 (gpointer data)
{
  if (data != NULL)
    pango_attr_list_unref (data);
}

static void
item_free (gpointer data)
{
  SlideItem *item = data;

  g_clear_object (&item->layout);
  g_clear_object (&item->marker);
  g_clear_pointer (&item->rules, g_array_unref);
  g_free (item);
}

static SlideItem *
add_item (Builder *b, SlideItemKind kind, DeckBlock *block)
{
  SlideItem *item = g_new0 (SlideItem, 1);

  item->kind = kind;
  item->block = block;
  item->color = &b->theme->text;
  g_ptr_array_add (b->items, item);
  return item;
}

/* ---- text -------------------------------------------------------------- */

static PangoAttrList *
attributes_for (const DeckText *text, const SlideTheme *theme, double size)
{
  PangoAttrList *attrs = pango_attr_list_new ();
  guint i;

  for (i = 0; text != NULL && i < text->spans->len; i++)
    {
      const DeckSpan *span = &g_array_index (text->spans, DeckSpan, i);
      GSList *list = NULL, *l;

      if (span->style & DECK_STYLE_STRIKE)
        list = g_slist_prepend (list, pango_attr_strikethrough_new (TRUE));
      if (span->style & DECK_STYLE_EMPH)
        list = g_slist_prepend (list, pango_attr_style_new (PANGO_STYLE_ITALIC));
      if (span->style & DECK_STYLE_STRONG)
        list = g_slist_prepend (list, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      if (span->style & DECK_STYLE_LINK)
        {
          const SlideColor *c = &theme->accent;

          list = g_slist_prepend (
              list, pango_attr_foreground_new (c->red * 65535, c->green * 65535, c->blue * 65535));
          list = g_slist_prepend (list, pango_attr_underline_new (PANGO_UNDERLINE_SINGLE));
        }
      if (span->style & DECK_STYLE_CODE)
        {
          const SlideColor *c = &theme->inline_code_text;

          list = g_slist_prepend (list, pango_attr_family_new (theme->mono));
          list = g_slist_prepend (list, pango_attr_size_new_absolute (size * 0.86 * PANGO_SCALE));
          list = g_slist_prepend (
              list, pango_attr_foreground_new (c->red * 65535, c->green * 65535, c->blue * 65535));
          c = &theme->inline_code_panel;
          list = g_slist_prepend (
              list, pango_attr_background_new (c->red * 65535, c->green * 65535, c->blue * 65535));
          list = g_slist_prepend (list, pango_attr_background_alpha_new (65535 * c->alpha));
        }
      for (l = list; l != NULL; l = l->next)
        {
          PangoAttribute *attr = l->data;

          attr->start_index = span->start;
          attr->end_index = span->end;
          pango_attr_list_insert (attrs, attr);
        }
      g_slist_free (list);
    }
  return attrs;
}

static PangoLayout *
make_layout (Builder *b,
             const char *text,
             const DeckText *styled,
             const char *family,
             double size,
             PangoWeight weight,
             PangoStyle style,
             double width,
             PangoAlignment alignment)
{
  PangoLayout *layout = pango_layout_new (b->context);
  g_autoptr (PangoFontDescription) font = pango_font_description_new ();
  PangoAttrList *attrs = attributes_for (styled, b->theme, size);

  pango_font_description_set_family (font, family);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, weight);
  pango_font_description_set_style (font, style);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_line_spacing (layout, b->theme->line_spacing);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height = 0;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

static double
heading_size (Builder *b, guint level)
{
  const SlideTheme *t = b->theme;

  switch (level)
    {
      case 1:
        return t->heading_size * 0.92;
      case 2:
        return t->heading_size * 0.78;
      default:
        return t->subheading_size * 0.9;
    }
}

/* The code's colours from GtkSourceView, worked out once per block. */
static void
highlight_code (Builder *b, DeckBlock *block, PangoLayout *layout)
{
  PangoAttrList *attrs;

  if (!g_hash_table_lookup_extended (b->code_attrs, block, NULL, (gpointer *) &attrs))
    {
      attrs = slide_code_highlight (block->code, block->language, b->theme->code_scheme);
      g_hash_table_insert (b->code_attrs, block, attrs);
    }
  if (attrs != NULL)
    pango_layout_set_attributes (layout, attrs);
}

static PangoAlignment
pango_alignment_of (DeckAlign align)
{
  switch (align)
    {
      case DECK_ALIGN_CENTER:
        return PANGO_ALIGN_CENTER;
      case DECK_ALIGN_RIGHT:
        return PANGO_ALIGN_RIGHT;
      default:
        return PANGO_ALIGN_LEFT;
    }
}

/* Column widths: each column its natural width when they all fit, else
 * the narrow ones keep theirs and the wide ones share what is left, in
 * proportion to what they would like. */
static void
table_column_widths (Builder *b, DeckBlock *block, double size, double avail, double *widths)
{
  guint n = block->n_columns, r, c;
  g_autofree double *natural = g_new0 (double, n);
  double total = 0, fixed = 0, wanting = 0;

  for (r = 0; r < block->rows->len; r++)
    {
      DeckTableRow *row = block->rows->pdata[r];

      for (c = 0; c < n; c++)
        {
          DeckText *cell = row->cells->pdata[c];
          g_autoptr (PangoLayout) layout = make_layout (b, cell->text, cell, b->theme->sans, size,
                                                        row->header ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL,
                                                        PANGO_STYLE_NORMAL, 1, PANGO_ALIGN_LEFT);
          int w = 0;

          pango_layout_set_width (layout, -1);
          pango_layout_get_size (layout, &w, NULL);
          natural[c] = MAX (natural[c], (double) w / PANGO_SCALE + 1);
        }
    }
  for (c = 0; c < n; c++)
    total += natural[c];
  if (total <= avail)
    {
      memcpy (widths, natural, n * sizeof *widths);
      return;
    }
  for (c = 0; c < n; c++)
    if (natural[c] <= avail / n)
      fixed += natural[c];
    else
      wanting += natural[c];
  for (c = 0; c < n; c++)
    widths[c] = natural[c] <= avail / n ? natural[c] : (avail - fixed) * natural[c] / wanting;
}

/* A table: a panel (the TABLE item) with its cells as TEXT items on it.
 * Returns the y below it. */
static double
layout_table (Builder *b, DeckBlock *block, double x, double y, double width)
{
  const SlideTheme *t = b->theme;
  double s = b->scale, size = t->body_size * TABLE_TEXT * s;
  double pad_x = CELL_PADDING_X * s, pad_y = CELL_PADDING_Y * s;
  guint n = block->n_columns, r, c;
  g_autofree double *widths = g_new0 (double, MAX (n, 1));
  SlideItem *table = add_item (b, SLIDE_ITEM_TABLE, block);
  double table_width = 0, top = y;

  table_column_widths (b, block, size, width - 2 * pad_x * n, widths);
  for (c = 0; c < n; c++)
    table_width += widths[c] + 2 * pad_x;
  table->rules = g_array_new (FALSE, FALSE, sizeof (double));

  for (r = 0; r < block->rows->len; r++)
    {
      DeckTableRow *row = block->rows->pdata[r];
      double row_height = 0, cx = x;

      if (r > 0)
        g_array_append_val (table->rules, y);
      for (c = 0; c < n; c++)
        {
          DeckText *cell = row->cells->pdata[c];
          SlideItem *item = add_item (b, SLIDE_ITEM_TEXT, block);

          item->layout = make_layout (b, cell->text, cell, t->sans, size,
                                      row->header ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL,
                                      PANGO_STYLE_NORMAL, widths[c], pango_alignment_of (block->aligns[c]));
          item->rect = (SlideRect){ cx + pad_x, y + pad_y, widths[c], layout_height (item->layout) };
          row_height = MAX (row_height, item->rect.height);
          cx += widths[c] + 2 * pad_x;
        }
      y += row_height + 2 * pad_y;
      if (row->header)
        table->text_y = y;
    }
  table->rect = (SlideRect){ x, top, table_width, y - top };
  return y;
}

/* Lays the text blocks out top to bottom from y in a column; returns the
 * y below the last one. */
static double
flow_text (Builder *b, GPtrArray *blocks, double x, double y, double width)
{
  const SlideTheme *t = b->theme;
  double s = b->scale;
  guint i, j;

  for (i = 0; i < blocks->len; i++)
    {
      DeckBlock *block = blocks->pdata[i];
      SlideItem *item;

      if (i > 0)
        y += t->block_gap * s;

      switch (block->kind)
        {
          case DECK_BLOCK_HEADING:
            item = add_item (b, SLIDE_ITEM_TEXT, block);
            item->layout
                = make_layout (b, block->text->text, block->text, t->sans, heading_size (b, block->level) * s,
                               PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, width, PANGO_ALIGN_LEFT);
            item->rect = (SlideRect){ x, y, width, layout_height (item->layout) };
            y += item->rect.height;
            break;

          case DECK_BLOCK_PARAGRAPH:
            item = add_item (b, SLIDE_ITEM_TEXT, block);
            item->layout = make_layout (b, block->text->text, block->text, t->sans, t->body_size * s,
                                        PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, width, PANGO_ALIGN_LEFT);
            item->rect = (SlideRect){ x, y, width, layout_height (item->layout) };
            y += item->rect.height;
            break;

          case DECK_BLOCK_LIST:
            for (j = 0; j < block->items->len; j++)
              {
                DeckListItem *entry = block->items->pdata[j];
                double size = t->body_size * s * (entry->depth > 0 ? 0.86 : 1.0);
                double indent = INDENT * s * entry->depth;
                double text_x = x + indent + MARKER_WIDTH * s;

                if (j > 0)
                  y += size * (entry->depth > 0 ? 0.3 : 0.5);
                item = add_item (b, SLIDE_ITEM_BULLET, block);
                item->depth = entry->depth;
                item->layout
                    = make_layout (b, entry->text->text, entry->text, t->sans, size, PANGO_WEIGHT_NORMAL,
                                   PANGO_STYLE_NORMAL, width - (text_x - x), PANGO_ALIGN_LEFT);
                item->rect = (SlideRect){ x + indent, y, width - indent, layout_height (item->layout) };
                item->text_x = text_x;
                item->text_y = y;
                item->marker_size = size * 0.3;
                if (entry->ordered)
                  {
                    g_autofree char *number = g_strdup_printf ("%d.", entry->number);

                    item->marker = make_layout (b, number, NULL, t->sans, size, PANGO_WEIGHT_BOLD,
                                                PANGO_STYLE_NORMAL, MARKER_WIDTH * s * 1.6, PANGO_ALIGN_LEFT);
                    /* Wide numbers push the text right. */
                    {
                      int w = 0;

                      pango_layout_get_size (item->marker, &w, NULL);
                      if (w / PANGO_SCALE + 12 * s > MARKER_WIDTH * s)
                        {
                          item->text_x = x + indent + w / PANGO_SCALE + 12 * s;
                          pango_layout_set_width (item->layout, (width - (item->text_x - x)) * PANGO_SCALE);
                          item->rect.height = layout_height (item->layout);
                        }
                    }
                  }
                y += item->rect.height;
              }
            break;

          case DECK_BLOCK_CODE:
            item = add_item (b, SLIDE_ITEM_CODE, block);
            item->color = &t->code_text;
            item->layout = make_layout (b, block->code, NULL, t->mono, t->code_size * s, PANGO_WEIGHT_NORMAL,
                                        PANGO_STYLE_NORMAL, width - 2 * CODE_PADDING * s, PANGO_ALIGN_LEFT);
            highlight_code (b, block, item->layout);
            pango_layout_set_line_spacing (item->layout, 1.1);
            item->rect = (SlideRect){ x, y, width, layout_height (item->layout) + 2 * CODE_PADDING * s };
            item->text_x = x + CODE_PADDING * s;
            item->text_y = y + CODE_PADDING * s;
            y += item->rect.height;
            break;

          case DECK_BLOCK_QUOTE:
            item = add_item (b, SLIDE_ITEM_QUOTE, block);
            item->color = &t->muted;
            item->layout = make_layout (b, block->text->text, block->text, t->sans, t->body_size * s,
                                        PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC, width - QUOTE_INDENT * s,
                                        PANGO_ALIGN_LEFT);
            item->rect = (SlideRect){ x, y, width, layout_height (item->layout) };
            item->text_x = x + QUOTE_INDENT * s;
            item->text_y = y;
            y += item->rect.height;
            break;

          case DECK_BLOCK_TABLE:
            y = layout_table (b, block, x, y, width);
            break;

          case DECK_BLOCK_RULE:
            item = add_item (b, SLIDE_ITEM_RULE, block);
            item->rect = (SlideRect){ x, y + 8 * s, width, 2 };
            y += 18 * s;
            break;

          default:
            break;
        }
    }
  return y;
}

/* ---- the kinds of slides ---------------------------------------------- */

static gboolean
is_title_slide (DeckSlide *slide)
{
  DeckBlock *first;
  guint i;

  if (slide->blocks->len == 0 || slide->blocks->len > 4)
    return FALSE;
  first = slide->blocks->pdata[0];
  if (first->kind != DECK_BLOCK_HEADING)
    return FALSE;
  for (i = 1; i < slide->blocks->len; i++)
    {
      DeckBlockKind kind = ((DeckBlock *) slide->blocks->pdata[i])->kind;

      if (kind != DECK_BLOCK_HEADING && kind != DECK_BLOCK_PARAGRAPH)
        return FALSE;
    }
  return TRUE;
}

static void
layout_title_slide (Builder *b, DeckSlide *slide, double width)
{
  const SlideTheme *t = b->theme;
  double text_width = width - 4 * t->margin;
  double s, y, total;
  guint i;

  for (s = 1.0;; s *= 0.92)
    {
      b->scale = s;
      g_ptr_array_set_size (b->items, 0);
      y = 0;
      for (i = 0; i < slide->blocks->len; i++)
        {
          DeckBlock *block = slide->blocks->pdata[i];
          gboolean first = i == 0;
          SlideItem *item = add_item (b, SLIDE_ITEM_TEXT, block);
          double size;

          if (first)
            size = (block->level <= 1 ? t->title_size : t->heading_size * 1.15) * s;
          else if (block->kind == DECK_BLOCK_HEADING)
            size = t->subheading_size * s;
          else
            size = t->body_size * 0.95 * s;
          if (!first)
            item->color = &t->muted;

          item->layout = make_layout (b, block->text->text, block->text, t->sans, size,
                                      first ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL,
                                      text_width, PANGO_ALIGN_CENTER);
          item->rect = (SlideRect){ 2 * t->margin, y, text_width, layout_height (item->layout) };
          y += item->rect.height;

          if (first)
            {
              SlideItem *accent = add_item (b, SLIDE_ITEM_ACCENT, NULL);

              y += 36 * s;
              accent->rect = (SlideRect){ (width - 140 * s) / 2, y, 140 * s, 7 * s };
              y += accent->rect.height + 44 * s;
            }
          else
            y += 18 * s;
        }
      total = y;
      if (total <= SLIDE_HEIGHT - 2 * t->footer || s < MIN_FONT_SCALE)
        break;
    }

  /* Centre the whole group, a little above the middle. */
  for (i = 0; i < b->items->len; i++)
    ((SlideItem *) b->items->pdata[i])->rect.y += (SLIDE_HEIGHT - total) * 0.46;
}

static void
layout_media (Builder *b, GPtrArray *media, const SlideRect *area, gboolean stacked)
{
  guint n = media->len, i, videos = 0;

  for (i = 0; i < n; i++)
    {
      DeckBlock *block = media->pdata[i];
      SlideItem *item
          = add_item (b, block->kind == DECK_BLOCK_VIDEO ? SLIDE_ITEM_VIDEO : SLIDE_ITEM_IMAGE, block);

      if (stacked)
        {
          double h = (area->height - MEDIA_GAP * (n - 1)) / n;

          item->rect = (SlideRect){ area->x, area->y + i * (h + MEDIA_GAP), area->width, h };
        }
      else
        {
          double w = (area->width - MEDIA_GAP * (n - 1)) / n;

          item->rect = (SlideRect){ area->x + i * (w + MEDIA_GAP), area->y, w, area->height };
        }
      /* Beside text, media lines up with the text's first line. */
      item->align_top = stacked;
      /* Marp's w: and h: make the box smaller, never larger. */
      if (block->width > 0 && block->width * SLIDE_HEIGHT < item->rect.width)
        {
          item->rect.x += (item->rect.width - block->width * SLIDE_HEIGHT) / 2;
          item->rect.width = block->width * SLIDE_HEIGHT;
        }
      if (block->height > 0 && block->height * SLIDE_HEIGHT < item->rect.height)
        {
          if (!stacked)
            item->rect.y += (item->rect.height - block->height * SLIDE_HEIGHT) / 2;
          item->rect.height = block->height * SLIDE_HEIGHT;
        }
      if (block->kind == DECK_BLOCK_VIDEO)
        item->video_index = videos++;
    }
}

static void
layout_content_slide (Builder *b, DeckSlide *slide, double width)
{
  const SlideTheme *t = b->theme;
  g_autoptr (GPtrArray) text = g_ptr_array_new ();
  g_autoptr (GPtrArray) media = g_ptr_array_new ();
  DeckBlock *title = NULL;
  double body_top, body_bottom = SLIDE_HEIGHT - t->footer - 56;
  double full = width - 2 * t->margin;
  guint i, first_body = 0;

  if (((DeckBlock *) slide->blocks->pdata[0])->kind == DECK_BLOCK_HEADING)
    {
      title = slide->blocks->pdata[0];
      first_body = 1;
    }
  for (i = first_body; i < slide->blocks->len; i++)
    {
      DeckBlock *block = slide->blocks->pdata[i];

      if (block->kind == DECK_BLOCK_IMAGE || block->kind == DECK_BLOCK_VIDEO)
        g_ptr_array_add (media, block);
      else
        g_ptr_array_add (text, block);
    }

  for (b->scale = 1.0;; b->scale *= 0.92)
    {
      double s = b->scale, y = t->top, text_width, bottom;

      g_ptr_array_set_size (b->items, 0);
      if (title != NULL)
        {
          SlideItem *item = add_item (b, SLIDE_ITEM_TEXT, title);
          SlideItem *accent;

          item->layout
              = make_layout (b, title->text->text, title->text, t->sans, t->heading_size * MAX (s, 0.75),
                             PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, full, PANGO_ALIGN_LEFT);
          item->rect = (SlideRect){ t->margin, y, full, layout_height (item->layout) };
          y += item->rect.height + 20;
          accent = add_item (b, SLIDE_ITEM_ACCENT, NULL);
          accent->rect = (SlideRect){ t->margin, y, 96, 6 };
          y += 6 + 56 * MAX (s, 0.75);
        }
      body_top = y;

      text_width = media->len > 0 && text->len > 0 ? full * 0.44 : full;
      bottom = flow_text (b, text, t->margin, body_top, text_width);

      if (media->len > 0)
        {
          SlideRect area;

          if (text->len > 0)
            area = (SlideRect){ t->margin + text_width + COLUMN_GAP, body_top, full - text_width - COLUMN_GAP,
                                body_bottom - body_top };
          else
            area = (SlideRect){ t->margin, body_top, full, body_bottom - body_top };
          layout_media (b, media, &area, text->len > 0);
        }

      if (bottom <= body_bottom || b->scale < MIN_FONT_SCALE)
        break;
    }
}

/* ---- public ----------------------------------------------------------- */

/**
 * slide_layout_create_context:
 *
 * A Pango context for slide layouts: no hinting of metrics or outlines,
 * so that text measures the same at every scale.
 *
 * Returns: (transfer full): a new context
 */
PangoContext *
slide_layout_create_context (void)
{
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (context, options);
  pango_context_set_round_glyph_positions (context, FALSE);
  cairo_font_options_destroy (options);
  return context;
}

/**
 * slide_layout_new:
 * @context: from slide_layout_create_context()
 * @slide: the slide to lay out; must outlive the layout
 * @width: the slide's width in slide units (its height is %SLIDE_HEIGHT)
 * @theme: sizes and fonts
 *
 * Returns: (transfer full): the slide's layout
 */
SlideLayout *
slide_layout_new (PangoContext *context, DeckSlide *slide, double width, const SlideTheme *theme)
{
  SlideLayout *layout = g_new0 (SlideLayout, 1);
  Builder b = { context, theme, g_ptr_array_new_with_free_func (item_free), 1.0,
                g_hash_table_new_full (NULL, NULL, NULL, attr_list_unref0) };
  guint i;

  layout->width = width;
  if (slide->blocks->len == 0)
    layout->kind = SLIDE_LAYOUT_BLANK;
  else if (is_title_slide (slide))
    {
      layout->kind = SLIDE_LAYOUT_TITLE;
      layout_title_slide (&b, slide, width);
    }
  else
    {
      layout->kind = SLIDE_LAYOUT_CONTENT;
      layout_content_slide (&b, slide, width);
    }

  layout->items = b.items;
  layout->font_scale = b.scale;
  g_hash_table_unref (b.code_attrs);
  for (i = 0; i < layout->items->len; i++)
    if (((SlideItem *) layout->items->pdata[i])->kind == SLIDE_ITEM_VIDEO)
      layout->n_videos++;
  return layout;
}

/**
 * slide_layout_free:
 * @layout: (transfer full): a layout
 */
void
slide_layout_free (SlideLayout *layout)
{
  g_ptr_array_unref (layout->items);
  g_free (layout);
}

/**
 * slide_layout_get_video:
 * @layout: a layout
 * @video_index: which of the slide's videos, from 0
 *
 * Returns: (transfer none) (nullable): the video's item
 */
SlideItem *
slide_layout_get_video (SlideLayout *layout, guint video_index)
{
  guint i;

  for (i = 0; i < layout->items->len; i++)
    {
      SlideItem *item = layout->items->pdata[i];

      if (item->kind == SLIDE_ITEM_VIDEO && item->video_index == video_index)
        return item;
    }
  return NULL;
}

/**
 * slide_rect_fit:
 * @box: the space available
 * @aspect: width / height of what goes in; 0 or less for 16:9
 * @out: (out caller-allocates): the largest rectangle of that aspect
 *   centred in @box
 */
void
slide_rect_fit (const SlideRect *box, double aspect, SlideRect *out)
{
  double w = box->width, h = box->height;

  if (aspect <= 0)
    aspect = 16.0 / 9.0;
  if (w / h > aspect)
    w = h * aspect;
  else
    h = w / aspect;
  out->x = box->x + (box->width - w) / 2;
  out->y = box->y + (box->height - h) / 2;
  out->width = w;
  out->height = h;
}

/**
 * slide_item_fit:
 * @item: an IMAGE or VIDEO item
 * @aspect: width / height of its picture; 0 or less for 16:9
 * @out: (out caller-allocates): where the picture goes
 */
void
slide_item_fit (const SlideItem *item, double aspect, SlideRect *out)
{
  slide_rect_fit (&item->rect, aspect, out);
  if (item->align_top)
    out->y = item->rect.y;
}
