package io.vqz.bench;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;

/**
 * The benchmark as a page to look at, the way people compare codecs by eye (after Squoosh): for each image, a
 * detailed crop of two codecs side by side at the file size nearest one of VQZ's operating points, a slider
 * between them, 1:1 or 2× with square pixels; the rate–distortion plots; the tables. Self-contained: every image
 * is a data URI, the script and style are inline, nothing is fetched. The script marks the page
 * {@code <body data-ready="ok:N">} once its N images have decoded ({@code error:…} on any failure), which the test
 * reads from headless Chromium.
 *
 * @since 0.3
 */
final class HtmlReport {
    static final String FILE = "report.html";

    private HtmlReport() {
    }

    static Path write(Path dir, String markdown, BenchGallery gallery) throws IOException {
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>VQZ benchmark</title>\n<style>").append(STYLE).append("</style></head>\n<body>\n")
                .append("<h1>VQZ benchmark</h1>\n");
        h.append("<section id=\"gallery\"><h2>Side by side at equal file size</h2>\n")
                .append("<p>Each crop shows two codecs at the rate nearest one of VQZ's qualities, opening at the ")
                .append("quality where every codec has a file of about the same size; where a codec cannot come ")
                .append("within 25 % of VQZ's size, its label says so. Drag the slider to move the split. PSNR and ")
                .append("bits per pixel are those of the whole image.</p>\n")
                .append("<div id=\"images\"></div></section>\n");
        h.append("<section id=\"plots\"><h2>Rate–distortion</h2>\n");
        for (String plot : new String[] {RdPlots.PSNR_FILE, RdPlots.MSSSIM_FILE}) {
            Path p = dir.resolve(plot);
            if (Files.isRegularFile(p)) {
                h.append("<img class=\"plot\" alt=\"").append(plot).append("\" src=\"").append(dataUri(Files.readAllBytes(p)))
                        .append("\">\n");
            }
        }
        h.append("</section>\n<section id=\"tables\">\n").append(markdownTables(markdown)).append("</section>\n");
        h.append("<script id=\"data\" type=\"application/json\">").append(json(gallery).replace("</", "<\\/"))
                .append("</script>\n<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        Path file = dir.resolve(FILE);
        Files.writeString(file, h, StandardCharsets.UTF_8);
        return file;
    }

    static String json(BenchGallery gallery) {
        JsonArray images = new JsonArray();
        for (BenchGallery.Image im : gallery.images()) {
            JsonObject o = new JsonObject();
            o.addProperty("name", im.name());
            o.addProperty("crop", String.format(Locale.ROOT, "%d×%d at (%d, %d)", im.width(), im.height(), im.x(),
                    im.y()));
            o.addProperty("source", dataUri(im.source()));
            o.addProperty("open", im.open());
            JsonArray targets = new JsonArray();
            for (BenchGallery.Target t : im.targets()) {
                JsonObject to = new JsonObject();
                to.addProperty("quality", t.vqzQuality());
                to.addProperty("bpp", t.bpp());
                JsonObject entries = new JsonObject();
                for (BenchGallery.Entry e : t.entries().values()) {
                    JsonObject eo = new JsonObject();
                    eo.addProperty("quality", e.quality());
                    eo.addProperty("bpp", e.bpp());
                    eo.addProperty("psnr", e.psnr());
                    eo.addProperty("src", dataUri(e.png()));
                    eo.addProperty("extreme", t.extremes().getOrDefault(e.codec(), ""));
                    entries.add(e.codec(), eo);
                }
                to.add("entries", entries);
                targets.add(to);
            }
            o.add("targets", targets);
            images.add(o);
        }
        return new Gson().toJson(images);
    }

    private static String dataUri(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }

    /** The Markdown report's headings, paragraphs and pipe tables as HTML (the only Markdown it writes). */
    static String markdownTables(String markdown) {
        StringBuilder out = new StringBuilder();
        boolean inTable = false;
        boolean header = false;
        for (String line : markdown.split("\n")) {
            String t = line.trim();
            if (t.startsWith("|")) {
                if (t.matches("\\|[\\s:|-]+\\|?")) {
                    continue; // the separator row
                }
                if (!inTable) {
                    out.append("<table>\n");
                    inTable = true;
                    header = true;
                }
                out.append("<tr>");
                String[] cells = t.substring(1, t.endsWith("|") ? t.length() - 1 : t.length()).split("\\|", -1);
                for (String c : cells) {
                    out.append(header ? "<th>" : "<td>").append(inline(c.trim())).append(header ? "</th>" : "</td>");
                }
                out.append("</tr>\n");
                header = false;
                continue;
            }
            if (inTable) {
                out.append("</table>\n");
                inTable = false;
            }
            if (t.startsWith("#")) {
                int level = Math.min(6, (int) t.chars().takeWhile(ch -> ch == '#').count() + 1);
                out.append("<h").append(level).append('>').append(inline(t.replaceFirst("^#+\\s*", "")))
                        .append("</h").append(level).append(">\n");
            } else if (!t.isEmpty()) {
                out.append("<p>").append(inline(t)).append("</p>\n");
            }
        }
        if (inTable) {
            out.append("</table>\n");
        }
        return out.toString();
    }

    private static String inline(String s) {
        String e = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return e.replaceAll("`([^`]*)`", "<code>$1</code>").replaceAll("\\*\\*([^*]+)\\*\\*", "<b>$1</b>");
    }

    private static final String STYLE = String.join("\n",
            "body{font:15px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:1200px;padding:0 1em;color:#222}",
            "table{border-collapse:collapse;margin:.6em 0 1.4em}td,th{border:1px solid #ccc;padding:2px 7px;"
                    + "text-align:right}th{background:#f3f3f3}",
            ".plot{max-width:49%;border:1px solid #ddd}",
            ".image{margin:1em 0 2.2em}.controls{display:flex;gap:.8em;flex-wrap:wrap;align-items:center}",
            ".viewer{position:relative;display:inline-block;margin-top:.5em;line-height:0;border:1px solid #999}",
            ".viewer img{image-rendering:pixelated;display:block}",
            ".viewer .right{position:absolute;left:0;top:0}",
            ".split{display:block;margin:.3em 0 0}.labels{display:flex;justify-content:space-between;gap:1em;font-size:13px}");

    private static final String SAME = Double.toString(BenchGallery.SAME_SIZE);

    private static final String SCRIPT = String.join("\n",
            "(function(){",
            "var fail=function(m){document.body.dataset.ready='error:'+m;};",
            "window.addEventListener('error',function(e){fail(e.message);});",
            "try{",
            "var data=JSON.parse(document.getElementById('data').textContent);",
            "var root=document.getElementById('images');var all=[];",
            "function el(tag,attrs,parent){var e=document.createElement(tag);for(var k in attrs){e[k]=attrs[k];}"
                    + "if(parent){parent.appendChild(e);}return e;}",
            "function label(c,e,t){if(!e){return c;}var s=c+' q'+e.quality+': '+e.bpp.toFixed(3)+' bpp, '"
                    + "+e.psnr.toFixed(2)+' dB',r=e.bpp/t.bpp;",
            " if(r>" + SAME + "){s+=e.extreme==='low'?' (larger: '+c+' cannot go as low, its smallest file is '"
                    + "+r.toFixed(1)+'× VQZ\\'s)':' (no '+c+' file of about this size: the nearest is '+r.toFixed(1)"
                    + "+'× VQZ\\'s)';}",
            " else if(r<1/" + SAME + "){s+=e.extreme==='high'?' (smaller: '+c+' cannot go as high, its largest file is '"
                    + "+(1/r).toFixed(1)+'× smaller than VQZ\\'s)':' (no '+c+' file of about this size: the nearest is '"
                    + "+(1/r).toFixed(1)+'× smaller than VQZ\\'s)';}return s;}",
            "data.forEach(function(im){",
            " var box=el('div',{className:'image'},root);el('h3',{textContent:im.name+' (crop '+im.crop+')'},box);",
            " if(!im.targets.length){el('p',{textContent:'no VQZ result for this image'},box);return;}",
            " var ctl=el('div',{className:'controls'},box);",
            " var tsel=el('select',{},ctl);im.targets.forEach(function(t,i){el('option',{value:i,"
                    + "textContent:'VQZ quality '+t.quality+' ('+t.bpp.toFixed(3)+' bpp)'},tsel);});",
            " var codecs=['original'].concat(Object.keys(im.targets[0].entries));",
            " var lsel=el('select',{},ctl),rsel=el('select',{},ctl);codecs.forEach(function(c){"
                    + "el('option',{value:c,textContent:c},lsel);el('option',{value:c,textContent:c},rsel);});",
            " lsel.value='vqz';rsel.value=codecs.indexOf('jpeg')>=0?'jpeg':codecs[codecs.length-1];",
            " var zsel=el('select',{},ctl);[1,2].forEach(function(z){el('option',{value:z,textContent:z+'×'},zsel);});",
            " zsel.value=2;tsel.value=im.open;",
            " var view=el('div',{className:'viewer'},box);",
            " var left=el('img',{alt:'left'},view),right=el('img',{alt:'right',className:'right'},view);",
            " var split=el('input',{type:'range',min:0,max:100,value:50,className:'split'},box);",
            " var labels=el('div',{className:'labels'},box);var ll=el('span',{},labels),rl=el('span',{},labels);",
            " function pick(c){var t=im.targets[+tsel.value];return c==='original'?null:t.entries[c];}",
            " function src(c){var e=pick(c);return e?e.src:im.source;}",
            " function update(){left.src=src(lsel.value);right.src=src(rsel.value);",
            "  var t=im.targets[+tsel.value];ll.textContent='◀ '+label(lsel.value,pick(lsel.value),t);"
                    + "rl.textContent=label(rsel.value,pick(rsel.value),t)+' ▶';",
            "  right.style.clipPath='inset(0 0 0 '+split.value+'%)';}",
            " function zoom(){var z=+zsel.value,w=(left.naturalWidth*z)+'px';[left,right].forEach(function(i){"
                    + "i.style.width=(i.naturalWidth*z)+'px';});split.style.width=w;labels.style.width=w;}",
            " [tsel,lsel,rsel].forEach(function(s){s.onchange=update;});split.oninput=update;zsel.onchange=zoom;",
            " left.onload=zoom;right.onload=zoom;update();all.push(left,right);",
            "});",
            "Promise.all(all.concat(Array.prototype.slice.call(document.querySelectorAll('img.plot'))).map(function(i){"
                    + "return i.decode();})).then(function(){var n=0;document.querySelectorAll('img').forEach(function(i)"
                    + "{if(i.naturalWidth>0){n++;}});document.body.dataset.ready='ok:'+n;},function(e){fail('image: '+e);});",
            "}catch(e){fail(e.message);}",
            "})();");
}
