// Progress charts, drawn with Chart.js from the json_script data on the page.
// Every chart has a summary and a table on the page, so nothing depends on this file.
(function () {
  "use strict";

  var BLUE = "#0b5394";
  var ORANGE = "#b35900";
  var GREEN = "#1b6e3a";
  var RED = "#a3221b";
  var GREY = "#6b6b6b";
  var charts = [];

  function readData(key) {
    var node = document.getElementById("chart-data-" + key);
    return node ? JSON.parse(node.textContent) : null;
  }

  function shortDate(iso) {
    var parts = iso.split("-");
    var months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    return parseInt(parts[2], 10) + " " + months[parseInt(parts[1], 10) - 1];
  }

  // Long movement names as several short lines, so a phone shows them whole.
  function wrap(label) {
    var lines = [];
    label.split(" ").forEach(function (word) {
      var last = lines.length - 1;
      if (last >= 0 && (lines[last] + " " + word).length <= 14) {
        lines[last] += " " + word;
      } else {
        lines.push(word);
      }
    });
    return lines;
  }

  function ratingAxis(title) {
    // Ratings are always shown on their whole 0-10 scale.
    return { min: 0, max: 10, ticks: { stepSize: 2 }, title: { display: true, text: title } };
  }

  function reliefAxis(limit, title) {
    return { min: -limit, max: limit, ticks: { stepSize: 1 }, title: { display: true, text: title } };
  }

  var builders = {
    trend: function (data) {
      return {
        type: "line",
        data: {
          labels: data.labels.map(shortDate),
          datasets: [
            { label: "Daily average", data: data.daily, showLine: false, pointRadius: 4, borderColor: GREY, backgroundColor: GREY },
            { label: "7-day average", data: data.avg7, borderColor: BLUE, backgroundColor: BLUE, borderWidth: 3, pointRadius: 0, spanGaps: true }
          ]
        },
        options: { scales: { y: ratingAxis(data.label + (data.higher_is_better ? " (higher is better)" : " (0 = none)")) } }
      };
    },
    before_after: function (data) {
      return {
        type: "bar",
        data: {
          labels: data.labels.map(function (iso, i) { return shortDate(iso) + (data.meaningful[i] ? " *" : ""); }),
          datasets: [
            { label: "Before", data: data.before, backgroundColor: ORANGE },
            { label: "After", data: data.after, backgroundColor: BLUE }
          ]
        },
        options: {
          scales: { y: ratingAxis(data.label), x: { title: { display: true, text: "Session date (* = meaningful change)" } } }
        }
      };
    },
    adherence: function (data) {
      return {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [
            { label: "Sessions", data: data.sessions, backgroundColor: BLUE, yAxisID: "y" },
            { label: "Minutes", data: data.minutes, type: "line", borderColor: ORANGE, backgroundColor: ORANGE, yAxisID: "minutes" }
          ]
        },
        options: {
          scales: {
            y: { min: 0, suggestedMax: 7, ticks: { stepSize: 1 }, title: { display: true, text: "Sessions" } },
            minutes: { position: "right", min: 0, grid: { drawOnChartArea: false }, title: { display: true, text: "Minutes" } },
            x: { title: { display: true, text: "Week starting" } }
          }
        }
      };
    },
    time_of_day: function (data) {
      return {
        type: "bar",
        data: {
          labels: data.labels.map(function (label, i) { return label + " (" + data.n[i] + ")"; }),
          datasets: [{
            label: "Average change after exercise (positive = better)",
            data: data.relief,
            backgroundColor: data.relief.map(function (v) { return v >= 0 ? GREEN : RED; })
          }]
        },
        options: { scales: { y: reliefAxis(5, "Points better after exercise") } }
      };
    },
    feedback: function (data) {
      return {
        type: "bar",
        data: {
          labels: data.labels.map(wrap),
          datasets: [
            { label: "Helped", data: data.helped, backgroundColor: GREEN },
            { label: "No change", data: data.no_change, backgroundColor: GREY },
            { label: "Worse", data: data.worse, backgroundColor: ORANGE },
            { label: "Painful", data: data.painful, backgroundColor: RED }
          ]
        },
        options: {
          indexAxis: "y",
          scales: {
            x: { stacked: true, min: 0, ticks: { precision: 0 }, title: { display: true, text: "Times marked" } },
            y: { stacked: true }
          }
        }
      };
    },
    movements: function (data) {
      var ranges = data.low.map(function (low, i) { return [low, data.high[i]]; });
      return {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [
            {
              label: "Likely range",
              data: ranges,
              backgroundColor: data.verdict.map(function (v) {
                return v === "likely helps" ? "rgba(27,110,58,0.35)" : v === "may make things worse" ? "rgba(163,34,27,0.35)" : "rgba(107,107,107,0.25)";
              }),
              borderColor: GREY,
              borderWidth: 1,
              barPercentage: 0.6
            },
            {
              label: "Estimate",
              type: "scatter",
              data: data.estimate.map(function (value, i) { return { x: value, y: data.labels[i] }; }),
              backgroundColor: "#1a1a1a",
              pointRadius: 6,
              pointStyle: "rectRot"
            }
          ]
        },
        options: {
          indexAxis: "y",
          scales: {
            x: reliefAxis(data.axis, "Points of relief (positive = better); 0 = no effect"),
            y: { type: "category" }
          }
        }
      };
    }
  };

  function draw(root) {
    if (!window.Chart) { return; }
    charts.forEach(function (chart) { chart.destroy(); });
    charts = [];
    var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var key = canvas.dataset.chart;
      var data = readData(key);
      if (!data || !builders[key]) { return; }
      var config = builders[key](data);
      config.options = config.options || {};
      config.options.maintainAspectRatio = false;
      config.options.animation = reduceMotion ? false : { duration: 300 };
      config.options.plugins = { legend: { labels: { font: { size: 15 } } } };
      charts.push(new window.Chart(canvas, config));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (window.Chart) {
      window.Chart.defaults.font.size = 15;
      window.Chart.defaults.color = "#1a1a1a";
    }
    draw(document);
  });
  document.addEventListener("htmx:afterSettle", function () { draw(document); });
})();
