/* The language tabs of django-modeltranslation's admin (Kazakh, Russian, English side by side) without jQuery UI:
   the one call its script makes, `.tabs()`, on Django admin's own jQuery. Settings: JQUERY_UI_URL points here.
   Supports `tabs({active: n})`, `tabs("option", "active", n)` and the "tabsactivate" event ({newTab}). */
(function ($) {
  "use strict";

  function activate($box, index, focus) {
    var $tabs = $box.children("ul").children("li");
    var $panels = $box.children("div");
    index = Math.max(0, Math.min(index, $tabs.length - 1));
    $tabs.each(function (i) {
      var selected = i === index;
      $(this).toggleClass("ui-tabs-active", selected)
        .children("a").attr({"aria-selected": selected ? "true" : "false", tabindex: selected ? "0" : "-1"});
    });
    $panels.each(function (i) {
      $(this).toggleClass("ui-tabs-hide", i !== index).attr("hidden", i !== index ? "hidden" : null);
    });
    $box.data("mt-active", index);
    if (focus) {
      $tabs.eq(index).children("a").trigger("focus");
    }
    $box.trigger("tabsactivate", [{newTab: $tabs.eq(index)}]);
  }

  function setUp($box, active) {
    var $list = $box.children("ul").addClass("ui-tabs-nav").attr("role", "tablist");
    $box.addClass("ui-tabs");
    $list.children("li").each(function () {
      var $link = $(this).children("a");
      var panelId = ($link.attr("href") || "").replace(/^#/, "");
      $link.attr({role: "tab", id: panelId + "-tab", "aria-controls": panelId});
      $("#" + panelId).addClass("ui-tabs-panel").attr({role: "tabpanel", "aria-labelledby": panelId + "-tab"});
    });
    $list.on("click", "a", function (event) {
      event.preventDefault();
      activate($box, $(this).parent().index(), false);
    });
    $list.on("keydown", "a", function (event) {
      var step = {ArrowRight: 1, ArrowLeft: -1}[event.key];
      if (step) {
        event.preventDefault();
        var count = $list.children("li").length;
        activate($box, ($(this).parent().index() + step + count) % count, true);
      }
    });
    activate($box, active || 0, false);
  }

  $.fn.tabs = function (options, name, value) {
    if (options === "option") {
      if (value === undefined) {
        return this.first().data("mt-active");
      }
      return this.each(function () {
        if (name === "active") {
          activate($(this), value, false);
        }
      });
    }
    return this.each(function () {
      setUp($(this), (options || {}).active);
    });
  };
})(window.jQuery || django.jQuery);
